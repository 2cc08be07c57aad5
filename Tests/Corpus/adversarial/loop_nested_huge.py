# expect: LimitExceeded
# expect-any: maxSteps | maxWallSeconds
total = 0
for i in range(10 ** 6):
    for j in range(10 ** 6):
        total += 1
