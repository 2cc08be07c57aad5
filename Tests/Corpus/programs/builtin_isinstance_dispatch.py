def describe(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "str"
    if isinstance(v, (list, tuple)):
        return "seq of " + ",".join(describe(x) for x in v)
    if isinstance(v, dict):
        return "dict"
    return "other"
for v in [True, 1, 1.0, "s", [1, "a"], (2.0,), {}, None, {1}]:
    print(describe(v))
