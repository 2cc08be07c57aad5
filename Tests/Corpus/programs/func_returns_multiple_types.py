def parse(tok):
    if tok.isdigit():
        return int(tok)
    if tok.replace(".", "", 1).isdigit():
        return float(tok)
    if tok in ("True", "False"):
        return tok == "True"
    return tok
vals = [parse(t) for t in "12 3.5 True x 0 False 1.2.3".split()]
print(vals)
print([isinstance(v, bool) for v in vals])
