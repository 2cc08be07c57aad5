# raises: TypeError
try:
    1 / 0
except ZeroDivisionError:
    print("handling")
    "x" + 1
