# raises: AssertionError
boxes = [(0, 0, 5, 5), (3, 3, 1, 1)]
for x1, y1, x2, y2 in boxes:
    print("checking", x1, y1)
    assert x2 > x1, f"x2 <= x1 in {(x1, y1, x2, y2)}"
