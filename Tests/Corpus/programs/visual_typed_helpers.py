def box_area(box: tuple) -> float:
    """Area of an (x1, y1, x2, y2) box; empty boxes have area 0."""
    x1, y1, x2, y2 = box
    return max(0, x2 - x1) * max(0, y2 - y1)
def describe(label: str, box: tuple, score: float = 1.0) -> str:
    """One line per detection, as the answer formatter expects."""
    return "{}: area={} score={:.2f}".format(label, box_area(box), score)
dets: list = [("cup", (0, 0, 4, 5), 0.87), ("book", (2, 2, 2, 9), 0.5)]
for label, box, score in dets:
    print(describe(label, box, score))
print(describe("default", (1, 1, 3, 3)))
