items = [("a", 1), ("b", 0), ("c", 1), ("d", 0), ("e", 1)]
print(sorted(items, key=lambda p: p[1], reverse=True))
print(sorted(items, key=lambda p: -p[1]))
xs = items[:]
xs.sort(key=lambda p: p[1])
xs.reverse()
print(xs)
print(sorted("bBaAcC"), sorted("bBaAcC", key=lambda c: c.lower()))
