# raises: KeyError
try:
    v = {"a": 1}["a"]
except KeyError:
    print("not here")
else:
    print("in else", v)
    {}["missing"]
