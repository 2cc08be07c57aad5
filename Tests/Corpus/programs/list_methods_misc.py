xs = [1, 2, 3]
ys = xs.copy()
ys.append(4)
print(xs, ys)
xs.reverse()
print(xs)
xs.clear()
print(xs, len(xs))
zs = [0] * 3
zs[1] = 7
print(zs)
