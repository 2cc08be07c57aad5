# expect: OverflowError
print(int(1e19))
