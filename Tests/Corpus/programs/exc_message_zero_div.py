def msg(f):
    try:
        return f()
    except ZeroDivisionError as e:
        return "ZeroDivisionError: " + str(e)
print(msg(lambda: 1 / 0))
print(msg(lambda: 1 // 0))
print(msg(lambda: 1 % 0))
print(msg(lambda: 1.0 / 0))
print(msg(lambda: 1.0 // 0.0))
print(msg(lambda: 1.0 % 0))
print(msg(lambda: 0 ** -1))
print(msg(lambda: 10 / 4))
