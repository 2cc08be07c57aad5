ys = [3, 17, 25, 25, 41, 58, 60, 99, 100]
bins = [0] * 5
for y in ys:
    idx = min(y // 20, 4)
    bins[idx] += 1
print(bins)
for i, c in enumerate(bins):
    print(f"{i * 20:3d}-{i * 20 + 19:3d} {'#' * c}")
