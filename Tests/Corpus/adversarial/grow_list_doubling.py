# expect: LimitExceeded
# expect-any: maxCollectionSize | maxTotalAllocation
xs = [1]
while True:
    xs = xs + xs
