d = {"a": 1, "b": 2, "c": 3}
d.update({"a": 10, "d": 4})
print(d)
d["b"] = d.pop("b") + 100
print(d)
print(list(d.items())[-1], list(d)[0])
rebuilt = dict(sorted(d.items(), key=lambda kv: kv[1]))
print(rebuilt)
