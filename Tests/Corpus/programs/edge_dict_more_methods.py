d = dict.fromkeys(["a", "b", "c"], 0)
print(d)
d2 = d.copy()
d2["a"] = 5
print(d, d2)
print(d2.popitem(), d2)
merged = {**d, **{"c": 9, "z": 1}}
print(merged)
print({k: v for k, v in sorted(merged.items(), key=lambda kv: -kv[1])})
