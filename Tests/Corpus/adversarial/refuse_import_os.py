# expect: 'os'
# expect: not allowed
import os
print(os.listdir("/"))
