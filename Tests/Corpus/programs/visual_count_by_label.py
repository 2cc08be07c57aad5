objects = ["person", "car", "person", "dog", "car", "person", "bicycle"]
counts = {}
for o in objects:
    counts[o] = counts.get(o, 0) + 1
print(counts)
answer = max(counts, key=lambda k: counts[k])
print("most common:", answer, counts[answer])
print("has dog:", "dog" in counts, "has cat:", "cat" in counts)
print("yes" if counts.get("car", 0) >= 2 else "no")
