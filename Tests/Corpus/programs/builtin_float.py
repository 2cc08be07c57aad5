print(float(), float(3), float("2.5"), float("  -7 "), float(True))
print(float("inf"), float("-Infinity"), float("1e-3"))
print(float(10 ** 15), float("0.1"))
