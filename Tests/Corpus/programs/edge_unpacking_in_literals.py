a = [1, 2]
b = (3, 4)
print([*a, *b, 5], (*a, *b), {*a, *b})
print(*a, *b, sep="-")
first, *_ = [*b, *a]
print(first)
