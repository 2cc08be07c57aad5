pairs = list(enumerate(enumerate("ab", 1)))
print(pairs)
for outer, (inner, ch) in pairs:
    print(outer, inner, ch)
print(list(enumerate(zip("xy", [1, 2]))))
print(dict(enumerate(reversed("cat"))))
