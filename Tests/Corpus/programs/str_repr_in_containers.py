items = ["it's", 'say "hi"', "both ' and \"", "tab\t", "nl\n", "back\\"]
print(items)
print(("a", 1))
print({"key": "value", "n": None})
print([[], [[]], ()])
print([1.0, -0.0, 1e16, float("inf")])
