# expect: LimitExceeded
# expect: maxStringLength
print(len("x".ljust(10 ** 12)))
