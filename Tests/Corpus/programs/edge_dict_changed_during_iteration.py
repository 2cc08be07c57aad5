# raises: RuntimeError
d = {"a": 1, "b": 2}
for k in d:
    print("visiting", k)
    d[k + k] = 0
