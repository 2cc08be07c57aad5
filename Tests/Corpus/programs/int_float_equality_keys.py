d = {}
d[1] = "int"
d[1.0] = "float"
d[True] = "bool"
print(d)
s = {1, 1.0, True}
print(len(s))
print(2 == 2.0, {2: "a"}[2.0])
