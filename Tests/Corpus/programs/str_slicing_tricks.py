s = "abcdefghij"
print(s[::3], s[1:-1:2], s[-1::-3], s[:0], s[5:5])
print(s[-3:], s[:-3], s[3:-3])
for i in range(0, len(s), 4):
    print(s[i:i + 4])
print([s[i:i + 3] for i in range(0, len(s), 3)])
