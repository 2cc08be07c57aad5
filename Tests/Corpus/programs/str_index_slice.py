s = "Programming"
print(s[0], s[-1], s[3], s[-4])
print(s[0:4], s[4:], s[:-3], s[-3:])
print(s[::2], s[1::2], s[::-1], s[8:2:-2])
print(s[100:], s[:100], s[-100:3])
print(len(s), s[len(s) - 1])
