print(sum([1, 2, 3], start=10), sum([[1], [2]], start=[0]), sum((), start=5.5))
print(sum([0.1, 0.2, 0.3]), sum([0.3, 0.2, 0.1]), sum(range(5), 0.5))
print(min(3, 1, 2, key=lambda v: -v), max("aa", "b", key=len), max([2, 1], [2, 0]))
print(sorted([3, 1, 2], key=None), min([(1, "b"), (1, "a")]), max([1, 1.0]), max([1.0, 1]))
