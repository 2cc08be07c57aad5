# expect: LimitExceeded
# expect: maxStringLength
print(len("7".zfill(10 ** 11)))
