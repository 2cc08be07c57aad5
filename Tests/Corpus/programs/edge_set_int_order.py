print({100, 5, 33, 8})
print({1, 2, 3, 100, 200})
print(set(range(10, 0, -1)))
print({x * 7 % 11 for x in range(11)})
s = {8, 16, 24}
s.add(0)
print(s)
