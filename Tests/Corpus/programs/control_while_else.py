n = 10
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print("steps", steps)
i = 0
while i < 3:
    i += 1
else:
    print("while else", i)
while True:
    i -= 1
    if i == 0:
        break
else:
    print("not printed")
print("done", i)
