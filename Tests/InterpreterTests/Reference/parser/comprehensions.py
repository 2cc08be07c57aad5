a = [x for x in range(10)]
b = [x * y for x in range(3) for y in range(x) if x if y > 1]
c = {k: v for k, v in items.items() if v}
d = {x for x in s}
e = (x for x in it)
f = sum(x for x in range(5))
g = [(i, j) for i, j in zip(a, b)]
h = [y for x in z if (y := x * 2) > 3]
i = [[c for c in row] for row in grid]
j = [x for x in a if x if not x]
k = sorted(l, key=lambda t: t[1], reverse=True)
