# expect-exit: 0
# stdout: 0 1.5 123
print(round(123, -100), round(1.5, 9223372036854775807), round(123, 9223372036854775807))
