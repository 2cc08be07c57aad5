a = None
b = []
c = b
print(a is None, a is not None, b is c, b is not c, b == [])
print(None is None, True is True, False is not True)
def f():
    pass
print(f() is None)
vals = [None, 0, False, ""]
print([v is None for v in vals], [v == None for v in vals])
