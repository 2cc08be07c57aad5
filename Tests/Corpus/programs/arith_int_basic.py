a = 17
b = 5
print(a + b, a - b, a * b)
print(a / b, a // b, a % b)
print(a ** 2, 2 ** 10, 10 ** 0)
print(-a, +a, -(-a))
print(a * b + a - b * 2)
print((a + b) * (a - b))
