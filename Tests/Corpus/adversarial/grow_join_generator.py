# expect: LimitExceeded
# expect-any: maxStringLength | maxSteps | maxCollectionSize | maxTotalAllocation | maxWallSeconds
print(len(",".join(str(i) for i in range(10 ** 9))))
