words = ["zebra", "Zebra", "éclair", "eclair", "apple", "Äpfel", "_x", "1abc"]
print(sorted(words))
print(max(words), min(words))
print([w for w in words if w > "e"])
print(sorted(words, key=lambda w: (len(w), w)))
