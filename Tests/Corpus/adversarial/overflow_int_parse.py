# expect-any: overflow | ValueError
print(int("99999999999999999999"))
