# expect: LimitExceeded
# expect-any: maxStringLength | maxTotalAllocation
print(len(("ab" * 10 ** 6) * 10 ** 6))
