# expect: LimitExceeded
# expect-any: maxSteps | maxWallSeconds
print(any(x < 0 for x in range(10 ** 15)))
