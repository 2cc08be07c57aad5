# raises: TypeError
try:
    {}["k"]
except KeyError as e:
    print("handling", repr(str(e)))
    raise TypeError("while handling")
