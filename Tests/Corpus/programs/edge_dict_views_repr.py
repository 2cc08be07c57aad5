d = {"a": 1, "b": [2, 3]}
print(d.keys())
print(d.values())
print(d.items())
print(list(reversed(d)), list(reversed(d.items())))
e = {}
print(e.keys(), e.values(), e.items())
print(len(d.keys()), "a" in d.keys(), 1 in d.values())
