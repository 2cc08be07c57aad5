# expect: locals
print(locals())
