for i in range(5):
    pass
print(i)
for ch in "xyz":
    last = ch
print(ch, last)
total = 0
for i, v in enumerate([10, 20]):
    total += i * v
print(i, v, total)
