# expect: OverflowError
import math
print(math.factorial(20))
print(math.factorial(30))
