s = "one two one three one"
print(s.replace("one", "1"))
print(s.replace("one", "1", 2))
print(s.replace(" ", ""))
print("aaaa".replace("aa", "b"))
print("abc".replace("", "-"))
print("abc".replace("x", "y"))
