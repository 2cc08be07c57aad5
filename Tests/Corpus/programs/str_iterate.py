s = "hello"
for ch in s:
    print(ch, end=" ")
print()
print(list(s))
print([c.upper() for c in s if c != "l"])
print(sorted(s), "".join(sorted(s)))
print(set("aab") == {"a", "b"})
