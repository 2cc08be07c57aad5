# Five million keyed comparisons: within the limits or stopped by one, but bounded in time.
# may-succeed
# stdout-if-success: 0
# expect-any: maxSteps | maxCollectionSize | maxTotalAllocation | maxWallSeconds
xs = list(range(5000000))
xs.sort(key=lambda v: -v)
print(xs[-1])
