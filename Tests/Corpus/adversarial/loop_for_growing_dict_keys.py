# expect: LimitExceeded
# expect-any: maxSteps | maxCollectionSize | maxTotalAllocation | maxWallSeconds
d = {0: 0}
i = 0
while True:
    i += 1
    d[i] = i
