# raises: AttributeError
s = "abc"
print(s.upper())
print(s.reverse())
