# raises: KeyError
boxes = [{"x": 1, "y": 2, "w": 3, "h": 4}, {"x": 5, "y": 6, "w": 7}]
for b in boxes:
    print("area", b["w"] * b["h"])
