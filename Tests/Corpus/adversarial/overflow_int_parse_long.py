# expect-any: overflow | ValueError | maxStringLength
print(int("1" * 10000))
