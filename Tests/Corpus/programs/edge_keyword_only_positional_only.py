def f(a, b, /, c, *, d=4):
    return a + b + c + d
print(f(1, 2, 3), f(1, 2, c=3, d=0), f(1, 2, 3, d=10))
def g(*args, sep=", ", end="!"):
    return sep.join(str(x) for x in args) + end
print(g(1, 2, 3), g("a", sep="-"), g(end="?"))
vals = [1, 2]
print(g(*vals, 9, *vals, sep="+"))
