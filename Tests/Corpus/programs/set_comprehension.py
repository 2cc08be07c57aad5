nums = [1, -1, 2, -2, 3]
squares = {n * n for n in nums}
print(sorted(squares))
lens = {len(w) for w in ["a", "bb", "cc", "ddd"]}
print(sorted(lens))
print({x % 3 for x in range(10)})
