# expect: __globals__
def f():
    return 1
print(f.__globals__)
