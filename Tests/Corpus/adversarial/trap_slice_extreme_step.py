# CPython prints [3]; huge steps and bounds must not trap.
# may-succeed
# stdout-if-success: [3]
# expect-any: overflow | ValueError
xs = [1, 2, 3]
print(xs[::-9223372036854775807 - 1])
