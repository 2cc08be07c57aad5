# expect: OverflowError
print(int(float("inf")))
