# raises: TypeError
t = (1, 2, 3)
print(t[0])
t[0] = 9
