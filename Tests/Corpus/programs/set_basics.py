s = {3, 1, 2, 3, 1}
print(len(s), sorted(s), 2 in s, 5 in s)
s.add(10)
s.add(1)
print(sorted(s))
e = set()
print(e, len(e), bool(e))
print(set([1, 2, 2, 3]) == {1, 2, 3})
