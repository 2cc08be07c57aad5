def fmt(value, width=8, fill=" ", align="right"):
    s = str(value)
    pad = fill * max(0, width - len(s))
    return pad + s if align == "right" else s + pad
print("[" + fmt(42) + "]")
print("[" + fmt("ab", 5, ".") + "]")
print("[" + fmt(3.5, align="left", fill="-") + "]")
print("[" + fmt(width=3, value=123456) + "]")
