# Runs forever in CPython; Loupe must stop on its step (or wall-clock) limit.
# expect: LimitExceeded
# expect-any: maxSteps | maxWallSeconds
# stdout: start
print("start")
while True:
    pass
