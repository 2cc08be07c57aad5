a = [1, 2]
b = [3]
print(a + b, b + a, a * 2, [0] * 4, [] * 5)
c = a
c = c + [9]
print(a, c)
d = a
d += [9]
print(a, d)
