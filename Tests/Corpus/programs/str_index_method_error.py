# raises: ValueError
s = "hello"
print(s.index("l"))
print(s.find("z"))
print(s.index("z"))
