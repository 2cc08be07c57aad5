# expect: OverflowError
print(abs(-2 ** 63))
