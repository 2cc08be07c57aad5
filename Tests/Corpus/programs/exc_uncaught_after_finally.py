# raises: KeyError
def lookup(d, k):
    try:
        return d[k]
    finally:
        print("lookup done", k)
print(lookup({"a": 1}, "a"))
print(lookup({"a": 1}, "b"))
