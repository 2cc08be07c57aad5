pairs = [(1, "one"), (2, "two"), (3, "three")]
print([f"{n}:{w}" for n, w in pairs])
print({w: n for n, w in pairs})
print([a * b for a, (b, c) in [(1, (2, 3)), (4, (5, 6))]])
print(sum(n for n, _ in pairs))
