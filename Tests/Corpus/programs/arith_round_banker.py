for x in [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 4.5, 5.5]:
    print(x, round(x))
print(round(2.675, 2))
print(round(1.005, 2))
print(round(0.125, 2), round(0.375, 2))
print(round(12345, -2), round(12355, -1), round(-15, -1))
