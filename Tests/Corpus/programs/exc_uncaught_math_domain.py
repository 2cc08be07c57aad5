# raises: ValueError
import math
areas = [4.0, 0.25, 0.0]
print([math.sqrt(a) for a in areas])
print([math.log(a) for a in areas])
