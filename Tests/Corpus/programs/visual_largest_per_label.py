dets = [("cat", 40), ("dog", 90), ("cat", 120), ("dog", 30), ("bird", 5)]
best = {}
for label, area in dets:
    if label not in best or area > best[label]:
        best[label] = area
print(best)
print(sorted(best.items(), key=lambda kv: kv[1]))
