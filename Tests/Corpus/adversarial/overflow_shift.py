# expect: OverflowError
print(1 << 64)
