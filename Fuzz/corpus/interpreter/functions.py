def f(a, b=1, *args, c, d=2, **kwargs):
    """Docstring."""
    return a + b


def g(x: int, y: "str" = "s", /, z=3, *, w) -> list[int]:
    def inner(q):
        return q * x
    return inner


def h(*, k=1):
    pass


def no_args():
    return


square = lambda v: v ** 2
pick = lambda a, b=2, *r, c=3, **kw: (a, b, r, c, kw)
empty = lambda: None
print(f(1, 2, 3, c=4), g(1, w=2), h())
