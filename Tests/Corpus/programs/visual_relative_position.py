def relation(a, b):
    ax = (a[0] + a[2]) / 2
    bx = (b[0] + b[2]) / 2
    ay = (a[1] + a[3]) / 2
    by = (b[1] + b[3]) / 2
    horiz = "left of" if ax < bx else "right of"
    vert = "above" if ay < by else "below"
    return horiz, vert
cup = (10, 10, 20, 20)
table = (0, 30, 100, 60)
lamp = (80, 0, 90, 25)
for name, box in [("table", table), ("lamp", lamp)]:
    h, v = relation(cup, box)
    print(f"cup is {h} and {v} the {name}")
