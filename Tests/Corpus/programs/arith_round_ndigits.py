vals = [3.14159, 2.71828, -1.23456, 100.0, 0.000123]
for v in vals:
    print(round(v), round(v, 0), round(v, 1), round(v, 3))
print(round(7), round(7, 2), round(-7, 1))
print(round(1234.5678, -2))
