# raises: TypeError
xs = [1, 2, 3]
i = "1"
print(xs[int(i)])
print(xs[i])
