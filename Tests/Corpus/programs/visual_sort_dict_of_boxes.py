boxes = {
    "b3": {"x": 40, "y": 10, "w": 20, "h": 30, "conf": 0.66},
    "b1": {"x": 5, "y": 50, "w": 60, "h": 10, "conf": 0.91},
    "b2": {"x": 70, "y": 5, "w": 10, "h": 10, "conf": 0.66},
}
by_conf = sorted(boxes.items(), key=lambda kv: (-kv[1]["conf"], kv[0]))
print([k for k, _ in by_conf])
by_area = sorted(boxes, key=lambda k: boxes[k]["w"] * boxes[k]["h"])
print(by_area)
centers = {k: (b["x"] + b["w"] / 2, b["y"] + b["h"] / 2) for k, b in boxes.items()}
print(centers)
print(min(centers, key=lambda k: centers[k][1]), max(boxes.values(), key=lambda b: b["x"])["conf"])
