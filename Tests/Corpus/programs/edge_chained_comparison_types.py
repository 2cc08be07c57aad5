x = 5
print(1 < x <= 5 != 6, "a" < "b" < "c", [1] < [1, 0] < [2])
print(0 < 0.5 < 1 < 1.5, None is None is None, 1 in [1] in [[1]])
print(1 < 2 > 0 < 3, (1 < 2) > 0, 2 == 2.0 == 2)
