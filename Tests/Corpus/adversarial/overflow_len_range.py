# CPython raises OverflowError too: the length does not fit a machine integer.
# expect: OverflowError
print(len(range(-9223372036854775807, 9223372036854775807)))
