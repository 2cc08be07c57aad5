# expect: LimitExceeded
# expect: maxStringLength
print(len("a" * 10 ** 12))
