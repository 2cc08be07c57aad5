# expect: RecursionError
def g(n):
    return [g(n + 1) for _ in range(1)]
g(0)
