try:
    x = 1 / 0
except ZeroDivisionError:
    print("caught zero division")
try:
    [][1]
except IndexError as e:
    print("index:", e)
try:
    {}["k"]
except KeyError as e:
    print("key:", e)
try:
    int("abc")
except ValueError as e:
    print("value:", e)
