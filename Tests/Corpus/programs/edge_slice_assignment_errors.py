xs = list(range(6))
try:
    xs[::2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)
xs[::2] = ["a", "b", "c"]
print(xs)
xs[1:1] = [9, 9]
print(xs)
xs[-2:] = []
print(xs)
del xs[::2]
print(xs)
