# raises: IndexError
s = "abc"
print(s[2])
print(s[-3])
print(s[3])
