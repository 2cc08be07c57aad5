s = {5, 3, 1, 4, 2}
print(s)
print({0, 7, 3})
print(list({6, 2, 1}))
total = 0
for x in {4, 2, 6}:
    total += x
print(total)
