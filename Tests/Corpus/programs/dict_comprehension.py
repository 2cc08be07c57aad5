words = ["one", "three", "five", "seven"]
lengths = {w: len(w) for w in words}
print(lengths)
inverted = {v: k for k, v in lengths.items()}
print(inverted)
evens = {n: n * n for n in range(10) if n % 2 == 0}
print(evens)
print({k: v for k, v in zip("xyz", [1, 2, 3]) if v != 2})
