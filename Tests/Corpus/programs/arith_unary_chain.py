x = 5
print(-x, --x, ---x, +-x, -+-x)
print(not x, not not x)
y = -2.5
print(-y, abs(y), +y)
