e = ValueError("bad", 3)
print(e, repr(e), e.args, [ValueError("x")], str(KeyError("k")), str(KeyError(("a", 1))))
print(repr(ZeroDivisionError()), str(IndexError()), repr(TypeError("t")))
try:
    raise KeyError("quoted")
except KeyError as err:
    print(err, "|", err.args[0])
