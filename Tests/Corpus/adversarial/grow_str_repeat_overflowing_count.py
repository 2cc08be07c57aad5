# expect-any: maxStringLength | overflow | maxTotalAllocation
s = "ab" * 4611686018427387904
print(len(s))
