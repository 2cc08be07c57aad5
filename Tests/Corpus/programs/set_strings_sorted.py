tags = ["red", "blue", "red", "green", "blue"]
unique = set(tags)
print(len(unique), sorted(unique))
print(sorted(unique.union({"black"})))
print(sorted(set("hello world")))
print("red" in unique, "pink" in unique)
