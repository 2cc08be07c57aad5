# raises: IndexError
grid = [[1, 2, 3], [4, 5, 6]]
print(grid[1][2])
print(grid[2][0])
