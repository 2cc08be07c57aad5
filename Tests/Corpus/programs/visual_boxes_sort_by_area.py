def area(b):
    return (b["x2"] - b["x1"]) * (b["y2"] - b["y1"])
boxes = [
    {"label": "cup", "x1": 10, "y1": 10, "x2": 30, "y2": 40, "score": 0.82},
    {"label": "plate", "x1": 0, "y1": 50, "x2": 100, "y2": 90, "score": 0.91},
    {"label": "fork", "x1": 70, "y1": 5, "x2": 75, "y2": 45, "score": 0.55},
]
for b in sorted(boxes, key=area, reverse=True):
    print(f"{b['label']:<6} area={area(b):5d} score={b['score']:.2f}")
largest = max(boxes, key=area)
print("largest:", largest["label"])
