print(sum([1, 2, 3]), sum([]), sum([0.1] * 10), sum(range(10), 100))
print(sum([1.5, 2.5]), sum([True, True]))
print(sum([[1], [2, 3]], []))
print(sum(x * 2 for x in [1, 2]))
