# expect: LimitExceeded
# expect-any: maxStringLength | maxTotalAllocation
s = "ab"
for i in range(100):
    s += s
