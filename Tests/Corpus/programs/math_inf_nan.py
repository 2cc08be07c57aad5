import math
print(math.inf, -math.inf, math.inf > 10 ** 18)
print(math.isinf(math.inf), math.isnan(float("nan")), math.isfinite(1.0))
print(math.gcd(12, 18), math.factorial(10))
print(math.fsum([0.1] * 10), sum([0.1] * 10))
