boxes = [(10, 20, 30, 40), (0, 0, 5, 5)]
for i, (x1, y1, x2, y2) in enumerate(boxes):
    w, h = x2 - x1, y2 - y1
    print(f"box {i}: {w}x{h} area={w * h} center=({(x1 + x2) / 2:.1f}, {(y1 + y2) / 2:.1f})")
d = {"k": 7}
print(f"{d['k']} {len(d)} {'yes' if d else 'no'} {sum([1, 2])}")
