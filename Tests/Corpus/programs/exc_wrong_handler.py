# raises: IndexError
try:
    print("inside")
    [1][3]
except KeyError:
    print("never")
