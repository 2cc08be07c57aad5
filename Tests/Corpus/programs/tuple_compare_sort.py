pts = [(3, 1), (1, 2), (1, 1), (2, 5), (3, 0)]
print(sorted(pts))
print(max(pts), min(pts))
print((1, 2) < (1, 2, 0), (2,) > (1, 99))
print(sorted(pts, key=lambda p: (p[1], -p[0])))
