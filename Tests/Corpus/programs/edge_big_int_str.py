lo = -9223372036854775807 - 1
hi = 9223372036854775807
print(lo, hi, str(lo), len(str(lo)), abs(lo + 1))
print(hi // 10, hi % 10, lo // 10, lo % 10, -(lo + 1))
print(hi / 2, lo / 2, float(hi), int(float(hi) / 2))
print(f"{hi:,}", f"{lo:>25}", f"{hi:x}")
