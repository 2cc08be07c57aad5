import math
xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]
mean = sum(xs) / len(xs)
sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (len(xs) - 1))
print(mean, sd, round(sd, 4))
z = [(x - mean) / sd for x in xs]
print([f"{v:.3f}" for v in z])
