try:
    raise ValueError("a", 1)
except ValueError as e:
    print(e, e.args)
try:
    raise KeyError("k")
except KeyError as e:
    print(e, e.args)
try:
    raise IndexError()
except IndexError as e:
    print(repr(str(e)), e.args)
