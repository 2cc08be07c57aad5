def insort(xs, v):
    for i, x in enumerate(xs):
        if v < x:
            xs.insert(i, v)
            return
    xs.append(v)
out = []
for v in [5, 1, 4, 1, 5, 9, 2, 6]:
    insort(out, v)
print(out)
