xs = []
xs.append(1)
xs.append([2, 3])
xs.extend([4, 5])
xs.extend("ab")
xs.extend(range(2))
xs.extend((9,))
print(xs, len(xs))
ys = xs
ys.append("shared")
print(xs[-1], xs is ys)
