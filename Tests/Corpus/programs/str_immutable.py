# raises: TypeError
s = "hello"
print(s[0])
s[0] = "H"
print(s)
