def msg(f):
    try:
        f()
        return "no error"
    except TypeError as e:
        return str(e)
def two(a, b):
    return a + b
def kw(a, *, flag=False):
    return a
print(msg(lambda: two(1)))
print(msg(lambda: two(1, 2, 3)))
print(msg(lambda: two(1, c=2)))
print(msg(lambda: two(1, a=2)))
print(msg(lambda: kw(1, 2)))
print(msg(lambda: kw()))
print(msg(lambda: len()))
print(msg(lambda: len([1], [2])))
