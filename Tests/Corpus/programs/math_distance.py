import math
def dist(a, b):
    return math.sqrt((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2)
pts = [(0, 0), (3, 4), (6, 8), (1, 1)]
for p in pts[1:]:
    print(p, dist(pts[0], p))
nearest = min(pts[1:], key=lambda p: dist((5, 5), p))
print("nearest", nearest)
print(f"{dist((0, 0), (1, 1)):.4f}")
