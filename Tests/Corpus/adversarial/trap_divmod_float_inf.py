# CPython: ZeroDivisionError comes last; modulo of infinities gives nan.
# expect: ZeroDivisionError
# stdout: nan inf
print(float("inf") % 2, float("inf"))
print(1 % 0.0)
