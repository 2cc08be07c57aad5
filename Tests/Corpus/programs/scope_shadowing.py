x = "global"
def f():
    x = "local"
    return x
def g():
    return x
def h(x):
    x = x + "!"
    return x
print(f(), g(), h("arg"), x)
def outer():
    y = 1
    def inner():
        y = 2
        return y
    return inner(), y
print(outer())
