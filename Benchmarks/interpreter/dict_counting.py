# Counting and grouping with dicts: get, setdefault, items, membership.
words = [f"w{(i * i) % 1543}" for i in range(200000)]
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(len(counts), max(counts.values()))
groups = {}
for i, w in enumerate(words[:100000]):
    groups.setdefault(len(w), []).append(i)
print(sorted((k, len(v)) for k, v in groups.items()))
seen = set()
dups = 0
for w in words:
    if w in seen:
        dups += 1
    else:
        seen.add(w)
print(dups)
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
print(top)
