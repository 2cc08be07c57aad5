d = {"a": 1, "b": 2}
d["c"] = 3
d["a"] = 10
print(d, len(d))
print(d["b"], "a" in d, "z" in d, "z" not in d)
print(list(d), list(d.keys()), list(d.values()), list(d.items()))
e = {}
print(e, len(e), bool(e), bool(d))
