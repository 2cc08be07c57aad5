boxes = {
    "cat": {"x": 10, "y": 20, "score": 0.9},
    "dog": {"x": 40, "y": 5, "score": 0.75},
}
boxes["cat"]["score"] = 0.95
boxes["bird"] = {"x": 0, "y": 0, "score": 0.1}
for label, b in boxes.items():
    print(label, b["x"] + b["y"], b["score"])
print(boxes["dog"])
