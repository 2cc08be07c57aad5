# expect: __class__
print(f"{(1).__class__}")
