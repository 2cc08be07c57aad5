# raises: IndexError
xs = [1, 2]
print(xs.pop(), xs.pop())
print(xs.pop())
