# expect: OverflowError
print(round(1e300))
