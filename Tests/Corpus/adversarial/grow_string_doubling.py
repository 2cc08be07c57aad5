# expect: LimitExceeded
# expect-any: maxStringLength | maxTotalAllocation
s = "a"
while True:
    s = s + s
