# expect: OverflowError
import math
print(math.floor(1e20))
