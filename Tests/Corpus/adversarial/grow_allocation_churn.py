# expect: LimitExceeded
# expect-any: maxTotalAllocation | maxSteps
while True:
    xs = [0] * 100000
