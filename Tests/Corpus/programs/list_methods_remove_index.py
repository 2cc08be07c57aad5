xs = [3, 1, 4, 1, 5, 9, 2, 6, 5]
xs.remove(1)
print(xs)
print(xs.index(5), xs.index(5, 4), xs.index(9))
print(xs.count(5), xs.count(7), xs.count(1))
xs.remove(5)
print(xs)
