words = ["banana", "Apple", "cherry", "apple"]
print(sorted(words, key=str.lower))
print(list(map(str.strip, ["  a ", "b  "])), list(map(str.upper, "xy")))
print(max(words, key=len), list(filter(str.isupper, ["A", "b", "C"])))
xs = []
add = xs.append
for i in range(3):
    add(i * i)
print(xs, list(map(len, words)), sorted(words, key=str.casefold)[0])
counts = {"a": 3, "b": 1}
print(sorted(counts, key=counts.get), list(map(counts.get, ["a", "z"])))
