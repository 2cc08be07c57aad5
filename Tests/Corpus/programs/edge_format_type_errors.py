def fmt(v, spec):
    try:
        return f"{v:{spec}}"
    except (TypeError, ValueError) as e:
        return f"{isinstance(e, TypeError)} {e}"
print(fmt(None, ">6"))
print(fmt([1, 2], ">10"))
print(fmt("x", "d"))
print(fmt(3.5, "d"))
print(fmt(3, "s"))
print(fmt((1,), ""))
