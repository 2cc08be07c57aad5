# expect: vars
print(vars())
