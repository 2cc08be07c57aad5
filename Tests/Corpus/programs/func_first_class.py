def apply(f, x):
    return f(x)
def twice(f):
    return lambda x: f(f(x))
def inc(x):
    return x + 1
print(apply(inc, 1), twice(inc)(5), twice(twice(inc))(0))
ops = {"add": lambda a, b: a + b, "mul": lambda a, b: a * b}
print(ops["add"](2, 3), ops["mul"](2, 3))
fs = [inc, abs, str]
print([f(-3) for f in fs])
