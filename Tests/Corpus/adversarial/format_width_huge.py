# expect: LimitExceeded
# expect: maxStringLength
print(len(f"{1:1000000000}"))
