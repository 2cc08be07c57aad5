a = b = c = 0
a += 1
print(a, b, c)
x = y = []
x.append(1)
print(x, y, x is y)
p, q = r = (5, 6)
print(p, q, r)
