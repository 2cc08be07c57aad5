xs = [4, 8, 15, 16, 23, 42]
i = 0
found = -1
while i < len(xs):
    if xs[i] > 15:
        found = i
        break
    i += 1
print(found, xs[found])
lo, hi = 0.0, 10.0
while hi - lo > 1e-9:
    mid = (lo + hi) / 2
    if mid * mid < 2:
        lo = mid
    else:
        hi = mid
print(round(lo, 6))
