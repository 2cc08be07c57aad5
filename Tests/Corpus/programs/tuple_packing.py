def minmax(xs):
    return min(xs), max(xs)
lo, hi = minmax([4, 8, 1, 9])
print(lo, hi)
r = minmax([2])
print(r, isinstance(r, tuple))
x, y = 1, 2
x, y = y, x
print(x, y)
