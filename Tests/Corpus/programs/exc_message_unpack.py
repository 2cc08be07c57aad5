def unpack2(v):
    try:
        a, b = v
        return f"ok {a} {b}"
    except Exception as e:
        return f"{isinstance(e, ValueError)} {isinstance(e, TypeError)} {e}"
print(unpack2((1, 2)))
print(unpack2((1,)))
print(unpack2([1, 2, 3]))
print(unpack2("ab"))
print(unpack2(5))
print(unpack2(None))
