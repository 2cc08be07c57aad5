# expect: eval
print(eval("1 + 1"))
