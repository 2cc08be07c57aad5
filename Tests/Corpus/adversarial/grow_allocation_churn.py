# expect: LimitExceeded
# expect-any: maxTotalAllocation | maxSteps | maxWallSeconds
while True:
    xs = [0] * 100000
