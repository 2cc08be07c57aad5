# A comprehension whose filter rejects everything still walks 10**12 items.
# expect: LimitExceeded
# expect-any: maxSteps | maxWallSeconds
print([i for i in range(10 ** 12) if i < 0])
