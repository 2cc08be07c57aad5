n = 37
parts = []
for d in range(1, 8):
    q = n // d
    r = n % d
    assert q * d + r == n
    parts.append(f"{d}:{q}r{r}")
print(", ".join(parts))
m = -37
print([(m // d, m % d) for d in range(1, 6)])
