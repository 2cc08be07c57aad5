# Ints are 64-bit: a result that does not fit is an OverflowError, never a wrap.
# expect: OverflowError
# stdout: 9223372036854775807
print(2 ** 62 - 1 + 2 ** 62)
print(2 ** 64)
