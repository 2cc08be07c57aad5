stock = {"apple": 5, "pear": 0}
print(stock.get("apple"), stock.get("kiwi"), stock.get("kiwi", -1), stock.get("pear", 9))
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
