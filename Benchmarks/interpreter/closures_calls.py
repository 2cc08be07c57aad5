# Calls through closures, lambdas, default and keyword arguments.
def make_scaler(k):
    def scale(x, offset=0):
        return x * k + offset
    return scale
double = make_scaler(2)
triple = make_scaler(3)
acc = 0
for i in range(150000):
    acc += double(i) - triple(i, offset=1)
print(acc)
compose = lambda f, g: lambda x: f(g(x))
inc_sq = compose(lambda x: x + 1, lambda x: x * x)
print(sum(inc_sq(i) for i in range(150000)))
def clamp(v, lo=0, hi=255):
    return lo if v < lo else hi if v > hi else v
print(sum(clamp(i - 100, hi=200) for i in range(150000)))
