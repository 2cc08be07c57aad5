# expect: LimitExceeded
# expect-any: maxSteps | maxWallSeconds
i = 0
while i < 10 ** 15:
    i += 1
print(i)
