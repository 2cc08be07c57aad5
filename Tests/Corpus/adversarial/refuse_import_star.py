# expect: 'os'
# expect: not allowed
from os import *
