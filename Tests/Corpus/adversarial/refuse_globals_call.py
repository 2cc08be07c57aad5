# expect: globals
print(globals())
