# expect: 'os
# expect: not allowed
import os.path
print(os.path.exists("/"))
