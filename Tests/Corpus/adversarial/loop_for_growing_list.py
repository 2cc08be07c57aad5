# Iterating a list that grows every iteration never ends.
# expect: LimitExceeded
# expect-any: maxSteps | maxCollectionSize | maxTotalAllocation | maxWallSeconds
xs = [0]
for x in xs:
    xs.append(x + 1)
