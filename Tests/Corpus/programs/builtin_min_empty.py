# raises: ValueError
print(min([4, 2]))
scores = []
print(max(scores))
