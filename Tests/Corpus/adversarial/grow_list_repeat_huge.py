# expect: LimitExceeded
# expect: maxCollectionSize
x = 0
print([x] * 10 ** 9)
