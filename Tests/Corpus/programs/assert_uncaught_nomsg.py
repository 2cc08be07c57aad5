# raises: AssertionError
x = 3
assert x == 3
print("ok so far")
assert x == 4
