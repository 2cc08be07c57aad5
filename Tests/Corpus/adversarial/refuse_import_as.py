# expect: 'sys'
# expect: not allowed
import sys as s
print(s.path)
