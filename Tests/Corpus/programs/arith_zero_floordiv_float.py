# raises: ZeroDivisionError
print(1.0 // 3)
print(5.5 // 0.0)
