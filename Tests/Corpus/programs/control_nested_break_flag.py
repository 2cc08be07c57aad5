grid = [[1, 2, 3], [4, 50, 6], [7, 8, 90]]
found = None
for r, row in enumerate(grid):
    for c, v in enumerate(row):
        if v > 10:
            found = (r, c, v)
            break
    if found:
        break
print(found)
