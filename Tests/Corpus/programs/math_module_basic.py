import math
print(math.sqrt(16), math.sqrt(2))
print(math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-2.1))
print(math.pi, math.e)
print(math.fabs(-3), math.pow(2, 10))
print(math.isclose(0.1 + 0.2, 0.3))
print(math.hypot(3, 4))
