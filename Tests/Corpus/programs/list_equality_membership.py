xs = [1, [2, 3], "four", (5, 6), None]
print([2, 3] in xs, (5, 6) in xs, 5 in xs, None in xs, "four" in xs)
print(3 not in xs)
print([1, 2] == [1, 2], [1, 2] != [2, 1], [] == [])
print([1, 2, 3] > [1, 2], [2] > [1, 9, 9])
