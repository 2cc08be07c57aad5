# Integer arithmetic in nested loops: the interpreter's dispatch and int fast paths.
total = 0
for i in range(600):
    for j in range(600):
        total += (i * j) % 7 - (i + j) // 3
        if total > 1000000:
            total -= 999983
print(total)
count = 0
n = 0
while n < 600000:
    if n % 3 == 0 or n % 5 == 0:
        count += n
    n += 1
print(count)
