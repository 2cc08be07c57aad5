xs = [5, 1, 4, 1, 5, 9, 2, 6]
print(xs.pop(-2), xs.pop(-len(xs)), xs)
xs.insert(-1, "a")
xs.insert(-100, "b")
print(xs)
print(xs.index(5), xs.index(1, 2), xs.index(9, 0, 6))
xs.extend(x * 2 for x in range(3))
xs += (7, 8)
print(xs, len(xs))
ys = [[1], [1], 1]
print(ys.count([1]), ys.count(1), [0] * 0, [[0]] * 2)
