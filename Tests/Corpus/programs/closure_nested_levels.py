def outer(a):
    def middle(b):
        def inner(c):
            return a + b + c
        return inner
    return middle
print(outer(1)(2)(3))
def compose(f, g):
    return lambda x: f(g(x))
sq_then_neg = compose(lambda x: -x, lambda x: x * x)
print(sq_then_neg(4))
