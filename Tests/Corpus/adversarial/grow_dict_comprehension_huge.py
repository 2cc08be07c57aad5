# expect: LimitExceeded
# expect-any: maxCollectionSize | maxSteps | maxTotalAllocation | maxWallSeconds
d = {i: i for i in range(10 ** 10)}
