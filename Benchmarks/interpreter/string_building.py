# String building with join and +=, splitting and f-strings.
parts = []
for i in range(100000):
    parts.append(str(i))
joined = ",".join(parts)
print(len(joined))
s = ""
for i in range(60000):
    s += "ab" if i % 2 else "c"
print(len(s), s.count("abc"))
words = joined.split(",")
print(len(words), words[12345])
lines = [f"{i:05d}|{i * 0.5:.2f}|{'x' * (i % 5)}" for i in range(60000)]
text = "\n".join(lines)
print(len(text), text[:30].replace("\n", "/"))
up = [w.upper() for w in "the quick brown fox jumps over the lazy dog".split() * 9000]
print(len(" ".join(up)), up[7])
