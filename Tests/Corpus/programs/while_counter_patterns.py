n = 0
total = 0
while n < 100:
    n += 7
    if n % 2 == 0:
        continue
    total += n
print(n, total)
digits = []
v = 9070
while v > 0:
    digits.append(v % 10)
    v //= 10
print(digits[::-1])
