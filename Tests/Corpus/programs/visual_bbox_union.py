def union(boxes):
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
groups = {"a": [(1, 2, 3, 4), (0, 5, 2, 9)], "b": [(10, 10, 20, 20)]}
for k in sorted(groups):
    u = union(groups[k])
    print(k, u, (u[2] - u[0]) * (u[3] - u[1]))
