# expect: LimitExceeded
# expect-any: maxStringLength | maxTotalAllocation
s = "a"
for i in range(100):
    s = s.replace("a", "aa")
