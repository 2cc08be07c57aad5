captions = [
    "A man riding a red bicycle down the street",
    "Two dogs playing with a ball in the park",
    "A red car parked next to a bicycle",
]
vocab = {}
for i, cap in enumerate(captions):
    for w in cap.lower().split():
        if len(w) > 3:
            vocab.setdefault(w, set()).add(i)
shared = sorted(w for w, ids in vocab.items() if len(ids) > 1)
print(shared)
print({w: sorted(vocab[w]) for w in ["bicycle", "park"]})
