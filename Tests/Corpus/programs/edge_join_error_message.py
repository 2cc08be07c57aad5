def attempt(items):
    try:
        return "-".join(items)
    except TypeError as e:
        return "TypeError: " + str(e)
print(attempt(["a", "b"]))
print(attempt(["a", 2, "c"]))
print(attempt([None]))
print(attempt("xyz"))
