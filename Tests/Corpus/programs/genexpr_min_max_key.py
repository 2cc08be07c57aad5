pts = [(1, 5), (4, 2), (3, 3)]
print(min(p[0] + p[1] for p in pts))
print(max(pts, key=lambda p: p[1]))
print(min(pts, key=lambda p: p[0] * p[1]))
print(sum(p[0] for p in pts) / len(pts))
