import math
def center(b):
    return ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
people = [(10, 10, 30, 60), (100, 20, 130, 80), (50, 15, 70, 70)]
ball = (60, 50, 66, 56)
bc = center(ball)
closest = min(people, key=lambda p: math.sqrt((center(p)[0] - bc[0]) ** 2 + (center(p)[1] - bc[1]) ** 2))
print("ball center", bc)
print("closest person", closest, center(closest))
