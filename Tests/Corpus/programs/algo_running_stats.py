vals = [4, 8, 15, 16, 23, 42]
running = []
total = 0
for i, v in enumerate(vals, 1):
    total += v
    running.append(round(total / i, 3))
print(running)
diffs = [b - a for a, b in zip(vals, vals[1:])]
print(diffs, max(diffs), diffs.index(max(diffs)))
