print(list(reversed([1, 2, 3])))
print("".join(reversed("stressed")))
print(list(reversed(range(5))), list(reversed(())))
for x in reversed(["a", "b"]):
    print(x)
print(tuple(reversed((1, 2))))
