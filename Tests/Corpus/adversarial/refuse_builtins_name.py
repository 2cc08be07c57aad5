# expect: __builtins__
print(__builtins__)
