# expect: RecursionError
f = lambda n: f(n + 1) + 1
print(f(0))
