def bubble(xs):
    xs = list(xs)
    n = len(xs)
    swaps = 0
    for i in range(n):
        for j in range(n - 1 - i):
            if xs[j] > xs[j + 1]:
                xs[j], xs[j + 1] = xs[j + 1], xs[j]
                swaps += 1
    return xs, swaps
print(bubble([5, 1, 4, 2, 8, 0]))
print(bubble("banana"))
