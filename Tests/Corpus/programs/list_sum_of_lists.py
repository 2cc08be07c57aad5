grid = [[3, 0, 2], [1, 5, 4], [7, 6, 8]]
print([sum(row) for row in grid], [sum(col) for col in zip(*grid)])
print(sum(grid[i][i] for i in range(3)), sum(grid[i][2 - i] for i in range(3)))
print(max(max(row) for row in grid), min(min(row) for row in grid))
print(sorted(v for row in grid for v in row))
