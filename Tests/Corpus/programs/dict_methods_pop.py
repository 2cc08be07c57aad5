d = {"a": 1, "b": 2, "c": 3}
print(d.pop("a"), d)
print(d.pop("zz", "default"), d)
k = list(d)[0]
print(k, d.pop(k), d)
d.clear()
print(d)
