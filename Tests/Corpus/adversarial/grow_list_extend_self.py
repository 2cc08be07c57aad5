# expect: LimitExceeded
# expect-any: maxCollectionSize | maxTotalAllocation
xs = [1]
for i in range(100):
    xs.extend(xs)
