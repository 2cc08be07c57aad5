import math
print(math.sqrt(16), math.floor(2.5), abs(-3), round(2.675, 2), 7 // 2, -7 // 2, 7 % -3, 2 ** 10, 1 / 3)
