import math
print(math.floor(-0.5), math.ceil(-0.5), math.sqrt(2) ** 2, math.sqrt(0.0))
print(math.prod([1, 2, 3, 4]), math.comb(5, 2), math.perm(5, 2), math.dist((0, 0), (3, 4)))
print(math.copysign(1.0, -0.0), math.fmod(-7, 3), -7 % 3)
print(math.log2(1024), math.isqrt(99), math.modf(3.75))
print(round(math.e, 5), round(math.tau / 2, 5) == round(math.pi, 5))
