# expect: LimitExceeded
# expect-any: maxCollectionSize | maxSteps | maxTotalAllocation | maxWallSeconds
print(len(list(range(10 ** 12))))
