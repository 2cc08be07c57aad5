# raises: TypeError
rows = [[1, 2], [1, 2], [3]]
print(len(rows))
unique = set(rows)
