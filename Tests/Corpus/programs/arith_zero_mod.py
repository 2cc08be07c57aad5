# raises: ZeroDivisionError
print(7 % 3)
vals = [3, 2, 1, 0]
for v in vals:
    print(10 % v)
