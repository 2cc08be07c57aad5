# raises: ValueError
print(list(range(0, 3, 1)))
print(list(range(0, 3, 0)))
