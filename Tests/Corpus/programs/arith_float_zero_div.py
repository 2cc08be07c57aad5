# raises: ZeroDivisionError
total = 0.0
count = 0
print("total", total)
print("avg", total / count)
