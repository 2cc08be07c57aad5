import math
print(round(math.sin(math.pi / 2), 10), round(math.cos(0), 10))
print(math.atan2(1, 1), math.degrees(math.pi), math.radians(180))
print(round(math.tan(math.pi / 4), 12))
print(math.exp(0), math.log(math.e), math.log(8, 2), math.log10(1000))
