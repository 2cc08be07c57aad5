edges = [(1, 2), (2, 3), (4, 5), (6, 6), (7, 8), (8, 9), (9, 7)]
adj = {}
for a, b in edges:
    adj.setdefault(a, []).append(b)
    adj.setdefault(b, []).append(a)
seen = set()
comps = []
for node in sorted(adj):
    if node in seen:
        continue
    stack = [node]
    comp = []
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        comp.append(n)
        stack.extend(adj[n])
    comps.append(sorted(comp))
print(comps)
