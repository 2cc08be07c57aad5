# expect-exit: 0
# stdout: 1.7976931348623157e+308 5e-324 -inf nan
print(1.7976931348623157e+308, 5e-324, float("-inf"), float("nan"))
