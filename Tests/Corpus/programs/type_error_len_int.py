# raises: TypeError
print(len([1, 2, 3]))
print(len(5))
