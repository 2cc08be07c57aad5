print(list(range(10, -1, -3)), list(range(-5, -10, -1)), list(range(3, 3)))
print(list(reversed(range(1, 10, 3))), range(0, 10, 2)[-2], range(5)[1:4] == range(1, 4))
r = range(0, 100, 7)
print(len(r), r.index(49), r.count(50), 98 in r, -7 in r)
xs = "abcdef"
print([xs[i] for i in range(len(xs) - 1, -1, -2)])
