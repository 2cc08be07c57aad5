# expect: OverflowError
print(10 ** 18)
print(10 ** 19)
