# expect: IndexError
s = "abc"
print(s[9223372036854775807])
