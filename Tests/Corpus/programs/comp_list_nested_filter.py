matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
flat = [v for row in matrix for v in row]
print(flat)
print([v for row in matrix for v in row if v % 2 == 1])
print([row[::-1] for row in matrix])
print([sum(row) for row in matrix], sum(v for row in matrix for v in row))
