print(sorted([3, 1, 2]), sorted("cba"), sorted((2.5, -1, 0)))
print(sorted([3, 1, 2], reverse=True))
print(sorted(["bb", "a", "ccc"], key=len))
print(sorted({"b": 1, "a": 2}))
print(sorted([]), sorted(range(5), key=lambda x: -x))
words = ["Banana", "apple", "Cherry"]
print(sorted(words), sorted(words, key=lambda w: w.lower()))
