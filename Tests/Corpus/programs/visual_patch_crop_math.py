def crop(box, pad, width, height):
    x1, y1, x2, y2 = box
    return (max(0, x1 - pad), max(0, y1 - pad), min(width, x2 + pad), min(height, y2 + pad))
for box in [(5, 5, 20, 20), (0, 0, 640, 480), (630, 470, 650, 490)]:
    c = crop(box, 10, 640, 480)
    w, h = c[2] - c[0], c[3] - c[1]
    print(c, w, h, f"aspect={w / h:.3f}")
