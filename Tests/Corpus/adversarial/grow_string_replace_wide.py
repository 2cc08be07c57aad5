# expect: LimitExceeded
# expect-any: maxStringLength | maxTotalAllocation
s = "a" * 1000
t = s.replace("a", "b" * 1000000)
print(len(t))
