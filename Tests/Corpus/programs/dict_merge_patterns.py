defaults = {"color": "red", "size": 3, "tags": []}
override = {"size": 5, "shape": "round"}
merged = dict(defaults)
merged.update(override)
print(merged)
keys = sorted(set(defaults) | set(override))
print(keys)
diff = {k: (defaults.get(k), override.get(k)) for k in keys if defaults.get(k) != override.get(k)}
print(diff)
