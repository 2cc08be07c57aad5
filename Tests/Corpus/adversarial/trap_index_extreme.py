# expect: IndexError
xs = [1, 2, 3]
print(xs[-9223372036854775807 - 1])
