xs = [1, 2, 2, 3, 4, 4, 5]
for x in xs:
    if x % 2 == 0:
        xs.remove(x)
print(xs)
ys = [1, 2, 3]
for i, y in enumerate(ys):
    if i < 3:
        ys.append(y * 10)
print(ys)
