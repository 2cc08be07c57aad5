def attempt(xs):
    try:
        return sorted(xs)
    except TypeError as e:
        return "TypeError: " + str(e)
print(attempt([3, None, 1]))
print(attempt([{"a": 1}, {"b": 2}]))
print(attempt([[1], (1,)]))
print(attempt([1, "1"]))
print(attempt([(1, None), (1, 2)]))
