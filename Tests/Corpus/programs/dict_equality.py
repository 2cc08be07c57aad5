a = {"x": 1, "y": 2}
b = {"y": 2, "x": 1}
print(a == b, a != b, a == {"x": 1})
print({} == {}, {"k": [1]} == {"k": [1]})
c = a
c["z"] = 3
print(a)
