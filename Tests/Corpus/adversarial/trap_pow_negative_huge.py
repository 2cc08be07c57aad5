# expect-exit: 0
# stdout: 0.0
print(2 ** -9223372036854775807)
