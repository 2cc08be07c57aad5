flags = [True, False, True]
print(sum(flags), flags.count(True), max(flags), min(flags))
print(True + 0.5, True * "ab", [0, 1][True])
print(sorted([True, 0, 2, False, 1]))
print(True == 1.0, False < True, (True, 2) > (1, 1))
