import math
import math as m, os.path
import a.b.c as d
from math import sqrt, pi as PI
from . import sibling
from ..pkg.mod import (a, b as c,)
from mod import *
x = y = z = 0
a, b = b, a
[a, b] = c
a, *b = c
(a, b), c = d
x.attr = 1
x[0] = 2
x[1:2] = [3]
x += 1
x.y -= 2
x[0] *= 3
x /= 4; x //= 5; x %= 6; x **= 7
x <<= 1; x >>= 2; x &= 3; x |= 4; x ^= 5; x @= 6
n: int = 5
n2: list[int]
obj.attr: int = 3
del x, y[0], z.w
del (a, b), [c]
pass; pass;
print("x")
