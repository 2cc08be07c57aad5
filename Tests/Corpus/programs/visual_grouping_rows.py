boxes = [(5, 12), (40, 10), (75, 14), (8, 55), (42, 52), (70, 58), (10, 100)]
rows = []
for x, y in sorted(boxes, key=lambda b: b[1]):
    if rows and abs(rows[-1][-1][1] - y) < 10:
        rows[-1].append((x, y))
    else:
        rows.append([(x, y)])
for i, row in enumerate(rows):
    print(i, [x for x, _ in sorted(row)])
