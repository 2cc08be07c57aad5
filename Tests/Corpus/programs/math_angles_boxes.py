import math
def angle_between(c1, c2):
    return math.degrees(math.atan2(c2[1] - c1[1], c2[0] - c1[0]))
centers = [(0, 0), (10, 0), (10, 10), (0, 10), (-5, -5)]
for c in centers[1:]:
    print(c, round(angle_between(centers[0], c), 3))
