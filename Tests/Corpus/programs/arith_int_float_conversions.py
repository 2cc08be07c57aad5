vals = [7, -7, 7.5, -7.5, 0.1, 1e3]
for v in vals:
    print(v, int(v), float(v), round(v), abs(v), v * 2, v / 2, v // 2, v % 2)
