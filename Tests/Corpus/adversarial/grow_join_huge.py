# expect: LimitExceeded
# expect-any: maxStringLength | maxTotalAllocation
parts = ["xyz"] * 5000000
s = "ab".join(parts)
print(len(s))
