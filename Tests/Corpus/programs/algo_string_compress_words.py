text = "it was the best of times it was the worst of times"
words = text.split()
vocab = sorted(set(words))
index = {w: i for i, w in enumerate(vocab)}
encoded = [index[w] for w in words]
print(vocab)
print(encoded)
print(" ".join(vocab[i] for i in encoded) == text)
