def iou(a, b):
    ix1, iy1 = max(a[0], b[0]), max(a[1], b[1])
    ix2, iy2 = min(a[2], b[2]), min(a[3], b[3])
    inter = max(0, ix2 - ix1) * max(0, iy2 - iy1)
    area_a = (a[2] - a[0]) * (a[3] - a[1])
    area_b = (b[2] - b[0]) * (b[3] - b[1])
    union = area_a + area_b - inter
    return inter / union if union > 0 else 0.0
pairs = [((0, 0, 10, 10), (5, 5, 15, 15)), ((0, 0, 10, 10), (0, 0, 10, 10)), ((0, 0, 1, 1), (2, 2, 3, 3))]
for a, b in pairs:
    print(a, b, round(iou(a, b), 4), f"{iou(a, b):.3f}")
