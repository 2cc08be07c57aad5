# expect: 'os'
# expect: not allowed
import math, os
print(math.pi)
