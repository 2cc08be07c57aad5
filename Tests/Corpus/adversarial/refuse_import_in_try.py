# A refused import is not an ImportError a program may catch and carry on from.
# expect: 'os'
# expect: not allowed
# stdout-excludes: carried on
try:
    import os
except ImportError:
    print("carried on")
except Exception:
    print("carried on")
