# expect: 'os'
# expect: not allowed
from os import path
print(path.exists("/"))
