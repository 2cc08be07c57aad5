total = 0.0
for _ in range(10):
    total += 0.1
print(total, total == 1.0, round(total, 10) == 1.0)
x = 1.0
for _ in range(5):
    x /= 3
print(x)
for _ in range(5):
    x *= 3
print(x)
print(0.1 * 0.1, 1 - 0.9, 100 * 1.1)
