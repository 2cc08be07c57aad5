# expect-exit: 0
# stdout: abc|abc
print("abc".center(-9223372036854775807 - 1) + "|" + "abc".ljust(-5))
