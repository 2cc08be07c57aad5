# CPython prints 0; Loupe may too, but must not trap on the min // -1 inside modulo.
# may-succeed
# stdout-if-success: 0
# expect: OverflowError
x = -9223372036854775807 - 1
print(x % -1)
