people = [(10, 100), (200, 110), (400, 90)]
hats = [(205, 60), (12, 55), (600, 50)]
pairs = []
for i, (px, py) in enumerate(people):
    best = min(range(len(hats)), key=lambda j: abs(hats[j][0] - px))
    dx = abs(hats[best][0] - px)
    pairs.append((i, best if dx < 50 else None))
print(pairs)
print(sum(1 for _, h in pairs if h is not None), "people wear hats")
