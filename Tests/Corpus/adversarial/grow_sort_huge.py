# expect: LimitExceeded
# expect-any: maxCollectionSize | maxSteps | maxTotalAllocation | maxWallSeconds
print(sorted(range(10 ** 9))[-1])
