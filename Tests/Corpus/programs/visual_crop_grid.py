def split_grid(box, rows, cols):
    x1, y1, x2, y2 = box
    w = (x2 - x1) / cols
    h = (y2 - y1) / rows
    cells = []
    for r in range(rows):
        for c in range(cols):
            cells.append((x1 + c * w, y1 + r * h, x1 + (c + 1) * w, y1 + (r + 1) * h))
    return cells
for cell in split_grid((0, 0, 100, 60), 2, 3):
    print(tuple(round(v, 2) for v in cell))
