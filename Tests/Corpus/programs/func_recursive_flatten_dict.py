def flatten(d, prefix=""):
    out = {}
    for k, v in d.items():
        key = prefix + "." + k if prefix else k
        if isinstance(v, dict):
            out.update(flatten(v, key))
        else:
            out[key] = v
    return out
cfg = {"model": {"name": "g", "layers": {"n": 18, "width": 640}}, "seed": 7}
for k, v in flatten(cfg).items():
    print(k, "=", v)
