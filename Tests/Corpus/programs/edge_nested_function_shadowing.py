def outer():
    def helper():
        return "inner helper"
    result = helper()
    def helper():
        return "redefined helper"
    return result, helper()
def helper():
    return "module helper"
print(outer(), helper())
x = 1
def f(x=x + 1):
    x = x * 10
    return x
x = 100
print(f(), f(3), x)
