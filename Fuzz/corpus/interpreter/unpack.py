a, (b, c) = 1, (2, 3)
first, *middle, last = range(6)
x = y = [1]
x += [2]
print(a, b, c, first, middle, last, y)
