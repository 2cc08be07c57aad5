# Each list is within the size limit; together they exceed the total allocation.
# expect: LimitExceeded
# expect-any: maxTotalAllocation | maxSteps
rows = [[0] * 10 ** 6 for _ in range(10 ** 6)]
