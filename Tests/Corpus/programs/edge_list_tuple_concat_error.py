# raises: TypeError
xs = [1, 2]
xs += (3,)
print(xs)
print(xs + (4,))
