x = "outer"
squares = [x * 2 for x in range(3)]
print(squares, x)
funcs = [lambda v, i=i: v + i for i in range(3)]
print([f(10) for f in funcs])
late = [lambda v: v + i for i in range(3)]
print([f(10) for f in late])
