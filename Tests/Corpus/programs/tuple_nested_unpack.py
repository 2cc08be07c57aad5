data = [("a", (1, 2)), ("b", (3, 4))]
for name, (x, y) in data:
    print(name, x + y)
(a, b), c = (1, 2), 3
print(a, b, c)
[p, q] = [10, 20]
print(p, q)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abc"
print(init, last)
