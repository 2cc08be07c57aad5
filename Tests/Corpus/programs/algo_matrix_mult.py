def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]
a = [[1, 2], [3, 4]]
b = [[5, 6], [7, 8]]
print(matmul(a, b))
ident = [[1 if i == j else 0 for j in range(3)] for i in range(3)]
m = [[1.5, 0, 2], [0, 1, 0], [-1, 0, 0.5]]
print(matmul(m, ident) == m, matmul(m, m))
