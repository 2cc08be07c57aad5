# raises: ZeroDivisionError
vals = [4, 2, 1, 0]
print([8 // v for v in vals[:3]])
print([8 // v for v in vals])
