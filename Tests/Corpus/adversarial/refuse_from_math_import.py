# Only `import math` is allowed; whether `from math import sqrt` is too is Loupe's choice,
# but any other module must be refused by name.
# expect: 'shutil'
# expect: not allowed
from shutil import rmtree
rmtree("/tmp/nothing-here")
