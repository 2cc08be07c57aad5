a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a.union(b)), sorted(a.intersection(b)), sorted(a.difference(b)), sorted(b.difference(a)))
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
print(sorted(a.union([9, 8], (7,))))
print(a.issubset({1, 2, 3, 4, 5}), {1}.issubset(b))
print(a, b)
