vals = [1, 1.0, "s", [1], (1,), {"a": 1}, {1}, None, True]
for v in vals:
    print(isinstance(v, int), isinstance(v, float), isinstance(v, str), isinstance(v, (list, tuple)), isinstance(v, dict), isinstance(v, set), isinstance(v, bool))
print(isinstance(3, (int, float)), isinstance("x", (int, float)))
