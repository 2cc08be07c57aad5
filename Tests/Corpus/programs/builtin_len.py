print(len("hello"), len(""), len([1, 2]), len(()), len({"a": 1}), len({1, 2, 3}))
print(len(range(10)), len(range(0, 10, 3)), len(range(5, 0)), len(range(10, 0, -2)))
print(len([[]]), len("日本"))
