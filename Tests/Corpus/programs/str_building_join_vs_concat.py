parts = []
for i in range(1, 11):
    parts.append(str(i * i))
joined = ",".join(parts)
s = ""
for i in range(1, 11):
    s += str(i * i) + ("," if i < 10 else "")
print(joined)
print(s == joined, len(s))
print("|".join(f"{p:>3}" for p in parts))
