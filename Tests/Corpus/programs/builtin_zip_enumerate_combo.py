names = ["ann", "bob", "cy"]
scores = [88, 92, 75]
for rank, (name, score) in enumerate(sorted(zip(names, scores), key=lambda p: -p[1]), 1):
    print(rank, name, score)
print(dict(enumerate(names)))
print(list(zip(range(3), names, scores)))
