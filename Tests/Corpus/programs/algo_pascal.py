rows = [[1]]
for i in range(9):
    prev = rows[-1]
    rows.append([1] + [prev[j] + prev[j + 1] for j in range(len(prev) - 1)] + [1])
for r in rows:
    print(" ".join(str(v) for v in r).center(40).rstrip())
