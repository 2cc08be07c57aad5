def size(n):
    return "none" if n == 0 else "one" if n == 1 else "few" if n < 5 else "many"
print([size(n) for n in [0, 1, 3, 9]])
x = 5
y = x if x > 3 else None
z = (lambda v: v * 2)(x) if y is not None else 0
print(y, z, (1 if True else 2) + (3 if False else 4))
print(f"{(lambda v: v + 1)(41)} {'yes' if x else 'no'} {f'{x:>3}'}")
