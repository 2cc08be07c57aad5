for v in [2.9, -2.9, 0.999, -0.999, 1e10 + 0.5, 123.0, 0.5, -0.5]:
    print(v, int(v), round(v), int(round(v)))
halves = [n + 0.5 for n in range(-3, 4)]
print(halves)
print([round(h) for h in halves])
print([int(h) for h in halves])
