counts = {"a": 0}
counts["a"] += 5
counts["a"] *= 2
print(counts)
grid = [[1, 2], [3, 4]]
grid[1][0] += 10
grid[0][1] **= 3
print(grid)
xs = [1.0, 2.0]
xs[-1] /= 4
xs[0] -= 0.5
print(xs)
