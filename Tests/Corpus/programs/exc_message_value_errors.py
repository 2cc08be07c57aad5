def msg(f):
    try:
        f()
        return "no error"
    except Exception as e:
        return str(e)
print(msg(lambda: int("x1")))
print(msg(lambda: int("")))
print(msg(lambda: int("12", 2)))
print(msg(lambda: float("abc")))
print(msg(lambda: [1, 2].index(3)))
print(msg(lambda: [1, 2].remove(3)))
print(msg(lambda: "abc".index("z")))
print(msg(lambda: max([])))
print(msg(lambda: min([])))
print(msg(lambda: range(1, 2, 0)))
print(msg(lambda: "a,b".split("")))
