labels = ["cat", "dog", "cat", "bird", "dog", "cat", "fish"]
counts = {}
for lab in labels:
    if lab in counts:
        counts[lab] += 1
    else:
        counts[lab] = 1
print(counts)
top = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
print(top[0], top[-1])
print([k for k, v in counts.items() if v == 1])
