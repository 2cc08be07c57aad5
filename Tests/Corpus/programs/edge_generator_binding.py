xs = [1, 2, 3]
gen = (x * 10 for x in xs)
xs = [7, 8, 9]
print(list(gen))
ys = [1, 2]
g2 = (y for y in ys)
ys.append(3)
print(list(g2), list(g2))
it = (i for i in range(5))
print(sum(it), sum(it))
