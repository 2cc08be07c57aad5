# expect: LimitExceeded
# expect-any: maxOutputBytes | maxSteps | maxWallSeconds
while True:
    print("x" * 1000)
