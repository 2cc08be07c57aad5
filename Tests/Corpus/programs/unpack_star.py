first, *middle, last = range(6)
print(first, middle, last)
head, *tail = "x"
print(head, tail)
a, *b = (1, 2)
print(a, b)
*init, z = [1]
print(init, z)
for x, *rest in [(1, 2, 3), (4,)]:
    print(x, rest)
