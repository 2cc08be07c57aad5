data = {"scores": [1, 2], "total": 0}
data["scores"] += [3]
data["total"] += sum(data["scores"])
data["scores"][0] -= 10
print(data)
matrix = [[0] * 2 for _ in range(2)]
for i in range(2):
    for j in range(2):
        matrix[i][j] += i * 2 + j
        matrix[i][j] *= 3
print(matrix)
s = "ab"
s *= 3
s += "!"
print(s)
