a = [0, 1, 2, 3, 4, 5]
del a[1], a[2]
print(a)
d = {"x": 1, "y": 2, "z": 3}
del d["y"]
print(d)
v = 5
del v
v = "again"
print(v)
grid = [[1, 2], [3, 4]]
del grid[0][1]
print(grid)
