# raises: TypeError
a = {"x": 1}
b = {"y": 2}
a.update(b)
print(a)
print(a + b)
