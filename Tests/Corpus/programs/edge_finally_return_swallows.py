def f():
    try:
        1 / 0
    finally:
        return "finally wins"
print(f())
def g():
    try:
        return "try"
    finally:
        print("g cleanup")
def h():
    for i in range(3):
        try:
            return i
        finally:
            if i == 0:
                continue
print(g(), h())
