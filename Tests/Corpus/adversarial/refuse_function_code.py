# expect: __code__
f = lambda: 0
print(f.__code__)
