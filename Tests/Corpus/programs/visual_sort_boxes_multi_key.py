boxes = [
    ("b1", 0.9, 120, 40), ("b2", 0.9, 80, 60), ("b3", 0.5, 10, 10),
    ("b4", 0.75, 300, 5), ("b5", 0.5, 10, 200),
]
order = sorted(boxes, key=lambda b: (-b[1], b[2]))
print([b[0] for b in order])
top_rows = sorted(boxes, key=lambda b: b[3])[:3]
print([(b[0], b[3]) for b in top_rows])
print(sorted(boxes, key=lambda b: b[2] * b[3], reverse=True)[0][0])
