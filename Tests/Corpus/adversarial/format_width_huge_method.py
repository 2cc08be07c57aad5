# expect: LimitExceeded
# expect: maxStringLength
print(len("{:>1000000000}".format("x")))
