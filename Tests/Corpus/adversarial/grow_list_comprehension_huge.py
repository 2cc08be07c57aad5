# expect: LimitExceeded
# expect-any: maxCollectionSize | maxSteps | maxTotalAllocation | maxWallSeconds
xs = [i for i in range(10 ** 10)]
