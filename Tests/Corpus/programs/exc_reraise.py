def inner():
    raise KeyError("missing")
def outer():
    try:
        inner()
    except KeyError:
        print("logging and re-raising")
        raise
try:
    outer()
except KeyError as e:
    print("outer caught", e)
