# expect-exit: 0
# stdout: [0, 1, 2, 3]
xs = [1, 2]
xs.insert(-9223372036854775807 - 1, 0)
xs.insert(9223372036854775807, 3)
print(xs)
