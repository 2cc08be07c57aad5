m = [[1, 2, 3], [4, 5, 6]]
t = [list(row) for row in zip(*m)]
print(t)
print([[row[i] for row in m] for i in range(len(m[0]))] == t)
rot = [list(r)[::-1] for r in zip(*m)]
print(rot)
