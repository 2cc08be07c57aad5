print(round(0.5), round(-0.5), round(1.5), round(-1.5), round(0.5, 0), round(-0.5, 0))
print(round(1234.5, -1), round(1235, -1), round(1245, -1), round(-1250, -2), round(15, -1), round(25, -1))
print(round(2.675, 2), round(0.285, 2), round(1.0005, 3), round(5e-324, 2))
print(round(1e300, 2), round(123.456, 10), round(float("inf"), 2))
