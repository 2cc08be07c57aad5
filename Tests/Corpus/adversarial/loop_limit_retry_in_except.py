# expect: LimitExceeded
# expect-any: maxSteps | maxWallSeconds
# stdout-excludes: survived
for attempt in range(1000):
    try:
        while True:
            pass
    except Exception:
        print("survived")
