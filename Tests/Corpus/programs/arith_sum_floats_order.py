xs = [0.1] * 10 + [1e16, -1e16]
print(sum(xs))
print(sum(sorted(xs)))
print(sum([1e16, 1.0, -1e16]), sum([1.0, 1e16, -1e16]))
print(1e16 + 1.0 - 1e16)
