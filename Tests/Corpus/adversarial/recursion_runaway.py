# expect: RecursionError
# stdout: start
print("start")
def f(n):
    return f(n + 1)
f(0)
