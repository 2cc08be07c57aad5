template = "{label} at ({x}, {y}) size {w}x{h}"
boxes = [{"label": "cat", "x": 3, "y": 4, "w": 10, "h": 12}, {"label": "dog", "x": 0, "y": 9, "w": 5, "h": 5}]
for b in boxes:
    print(template.format(label=b["label"], x=b["x"], y=b["y"], w=b["w"], h=b["h"]))
print("{0}/{1} = {2:.3f}".format(2, 3, 2 / 3))
print("[{:^10}]".format("mid"), "[{:<4}]".format(7), "[{:>8.1%}]".format(0.123))
