import math
for v in [2.5, -2.5, 3.0, -0.5, 7]:
    print(v, math.floor(v), math.ceil(v), isinstance(math.floor(v), int))
print(math.floor(10 / 3), math.ceil(10 / 3))
print(math.trunc(-3.7), math.trunc(3.7))
