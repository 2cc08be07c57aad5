xs = []
print(len(xs) > 0 and xs[0] > 1)
d = {"a": None}
print(d.get("a") is not None and d["a"] > 0)
name = ""
label = name or "unnamed"
print(label)
x = None
print(x is None or x > 3)
