# raises: TypeError
def f(a, b=1):
    return a * b
print(f(2, b=3))
print(f(2, c=3))
