def iou(a, b):
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)
def nms(dets, thresh=0.5):
    dets = sorted(dets, key=lambda d: d[1], reverse=True)
    keep = []
    for box, score in dets:
        if all(iou(box, k[0]) < thresh for k in keep):
            keep.append((box, score))
    return keep
dets = [((0, 0, 10, 10), 0.9), ((1, 1, 11, 11), 0.8), ((20, 20, 30, 30), 0.7), ((0, 0, 9, 9), 0.95)]
for box, score in nms(dets):
    print(box, score)
