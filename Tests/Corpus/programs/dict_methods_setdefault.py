groups = {}
for word in ["apple", "avocado", "banana", "blueberry", "cherry", "apricot"]:
    groups.setdefault(word[0], []).append(word)
print(groups)
d = {"x": 1}
print(d.setdefault("x", 5), d.setdefault("y", 7), d.setdefault("z"), d)
