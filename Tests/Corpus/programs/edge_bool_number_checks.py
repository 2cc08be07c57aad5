def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)
vals = [1, 2.5, True, "3", None, False, 0]
print([is_number(v) for v in vals])
print(sum(v for v in vals if is_number(v)))
print([v for v in vals if v == 1], [v for v in vals if v is True])
