def memoize(f):
    cache = {}
    def wrapped(n):
        if n not in cache:
            cache[n] = f(n)
        return cache[n]
    return wrapped
def slow_sq(n):
    print("computing", n)
    return n * n
fast = memoize(slow_sq)
print(fast(4), fast(4), fast(5))
