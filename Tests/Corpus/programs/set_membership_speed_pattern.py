allowed = {"cat", "dog", "bird"}
seen = ["cat", "lion", "bird", "cat", "shark"]
kept = [s for s in seen if s in allowed]
rejected = sorted({s for s in seen if s not in allowed})
print(kept, rejected)
print(sorted(allowed.difference(seen)), sorted(allowed.intersection(seen)))
print(sorted(set(seen).union(allowed)))
