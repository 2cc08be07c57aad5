rows = [["id", "label", "score"], [1, "cat", 0.912], [2, "dog", 0.5], [10, "hippopotamus", 0.07]]
cols = list(zip(*rows))
widths = [max(len(str(v)) for v in col) for col in cols]
for row in rows:
    print(" | ".join(str(v).ljust(w) for v, w in zip(row, widths)))
