grid = [[0] * 3 for _ in range(3)]
for i in range(3):
    for j in range(3):
        grid[i][j] = i * 3 + j
print(grid)
print([row[1] for row in grid])
print([[grid[j][i] for j in range(3)] for i in range(3)])
alias = [[0] * 2] * 2
alias[0][0] = 5
print(alias)
