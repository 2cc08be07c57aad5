a = 0.1 + 0.2
print(a == 0.3, abs(a - 0.3) < 1e-9)
print(0.5 == 1 / 2, 1e16 == 1e16 + 1)
print(float("inf") == float("inf"))
vals = [3.0, 1, 2.5, -1, 0.0]
print(sorted(vals))
print(max(vals), min(vals))
