# expect: yield
f = lambda: (yield)
print(f)
