# expect: OverflowError
x = 1
for i in range(100):
    x *= 3
print(x)
