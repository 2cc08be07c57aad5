# raises: KeyError
s = {1, 2}
s.remove(1)
print(sorted(s))
s.remove(1)
