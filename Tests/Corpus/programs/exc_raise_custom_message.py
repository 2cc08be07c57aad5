def check_box(b):
    x1, y1, x2, y2 = b
    if x2 < x1 or y2 < y1:
        raise ValueError(f"bad box {b}")
    return (x2 - x1) * (y2 - y1)
for b in [(0, 0, 2, 2), (5, 5, 1, 1), (1, 1, 4, 3)]:
    try:
        print(check_box(b))
    except ValueError as e:
        print("error:", e)
