# expect: LimitExceeded
# expect: maxStringLength
print(len("x".center(10 ** 10, "*")))
