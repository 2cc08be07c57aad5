people = [("ann", 31, 5.5), ("bob", 25, 6.1), ("cy", 31, 5.9), ("di", 22, 5.5)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted(people, key=lambda p: p[2], reverse=True))
print([p[0] for p in sorted(people, key=lambda p: (p[2], p[1]))])
print(max(people, key=lambda p: p[2])[0], min(people, key=lambda p: p[1])[0])
