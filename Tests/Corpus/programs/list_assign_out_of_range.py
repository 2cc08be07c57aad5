# raises: IndexError
xs = [0] * 3
xs[2] = 5
print(xs)
xs[3] = 6
