xs = [3, -1, 4, 1, -5, 9, 2, -6]
prefix = [0]
for x in xs:
    prefix.append(prefix[-1] + x)
print(prefix)
best = max((prefix[j] - prefix[i], i, j) for i in range(len(xs)) for j in range(i + 1, len(xs) + 1))
print(best)
