print(any([]), all([]))
print(any([0, "", None]), any([0, 1]), all([1, "a", [0]]), all([1, 0]))
print(any(x > 3 for x in range(5)), all(x < 5 for x in range(5)))
boxes = [(0, 0, 4, 4), (1, 1, 2, 2)]
print(all(x2 > x1 and y2 > y1 for x1, y1, x2, y2 in boxes))
