# raises: ValueError
print(int("10"))
print(int("1.5"))
