# 2 * 2**62 elements overflows 64 bits: Loupe must refuse it, not trap.
# expect-any: maxCollectionSize | overflow | maxTotalAllocation
xs = [0, 0] * 4611686018427387904
print(len(xs))
