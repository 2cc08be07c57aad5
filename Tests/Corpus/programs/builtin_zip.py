a = [1, 2, 3]
b = ["x", "y", "z", "w"]
print(list(zip(a, b)))
print(list(zip(a, b, "pq")))
print(list(zip()))
for n, s in zip(a, b):
    print(n * s)
names, nums = zip(*[("a", 1), ("b", 2)])
print(names, nums)
print(dict(zip(b, a)))
