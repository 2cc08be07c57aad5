names = ["ann", "bob", "cy"]
for i, n in enumerate(names):
    print(i, n)
for i, n in enumerate(names, start=10):
    print(i, n)
print(list(enumerate("ab", 1)))
print([(i, c) for i, c in enumerate("xyz") if i != 1])
