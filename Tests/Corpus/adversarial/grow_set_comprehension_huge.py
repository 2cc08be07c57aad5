# expect: LimitExceeded
# expect-any: maxCollectionSize | maxSteps | maxTotalAllocation | maxWallSeconds
s = {i for i in range(10 ** 10)}
