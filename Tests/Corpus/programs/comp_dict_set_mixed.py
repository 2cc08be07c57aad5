pairs = [("a", 1), ("b", 2), ("a", 3)]
last = {k: v for k, v in pairs}
print(last)
keys = {k for k, _ in pairs}
print(sorted(keys))
index = {name: i for i, name in enumerate(["x", "y", "z"])}
print(index)
