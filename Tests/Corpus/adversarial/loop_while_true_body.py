# expect: LimitExceeded
# expect-any: maxSteps | maxWallSeconds
i = 0
while True:
    i = (i + 1) % 7
