def qs(xs):
    if len(xs) < 2:
        return xs
    pivot = xs[0]
    return qs([x for x in xs[1:] if x < pivot]) + [pivot] + qs([x for x in xs[1:] if x >= pivot])
print(qs([3, 6, 1, 8, 1, 9, 2, 7]))
print(qs([2.5, -1, 0.0, 2]))
