xs = [0, 1, 2, 3, 4, 5]
xs[1:3] = ["a", "b", "c"]
print(xs)
xs[::2] = [10, 20, 30, 40][:len(xs[::2])]
print(xs)
xs[:] = [7]
print(xs)
xs[len(xs):] = [8, 9]
print(xs)
