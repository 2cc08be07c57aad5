# A visual-program-like workload: many detections, IoU, non-maximum suppression, grouping.
def make_boxes(n):
    boxes = []
    for i in range(n):
        x = (i * 7919) % 600
        y = (i * 104729) % 400
        w = 20 + (i * 31) % 80
        h = 20 + (i * 17) % 60
        label = ["cat", "dog", "car", "person"][i % 4]
        boxes.append({"label": label, "box": (x, y, x + w, y + h), "score": ((i * 61) % 100) / 100})
    return boxes
def iou(a, b):
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)
def nms(dets, threshold):
    kept = []
    for d in sorted(dets, key=lambda d: d["score"], reverse=True):
        if all(iou(d["box"], k["box"]) < threshold for k in kept):
            kept.append(d)
    return kept
boxes = make_boxes(2500)
by_label = {}
for b in boxes:
    by_label.setdefault(b["label"], []).append(b)
for label in sorted(by_label):
    kept = nms(by_label[label], 0.3)
    areas = [(k["box"][2] - k["box"][0]) * (k["box"][3] - k["box"][1]) for k in kept]
    left = min(kept, key=lambda k: k["box"][0])
    print(f"{label}: {len(kept)} kept, mean area {sum(areas) / len(areas):.2f}, leftmost {left['box']}")
