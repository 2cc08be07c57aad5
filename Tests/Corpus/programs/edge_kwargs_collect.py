def describe(name, **attrs):
    return name + ": " + ", ".join(f"{k}={v}" for k, v in sorted(attrs.items()))
print(describe("box", w=3, h=4))
print(describe("empty"))
opts = {"color": "red", "size": 2}
print(describe("ball", **opts))
def pass_through(*args, **kwargs):
    return describe(*args, **kwargs)
print(pass_through("cube", depth=1))
