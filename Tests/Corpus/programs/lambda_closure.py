def multipliers():
    return [lambda x, k=k: x * k for k in range(1, 4)]
print([m(2) for m in multipliers()])
base = 100
offset = lambda x: x + base
base = 200
print(offset(1))
