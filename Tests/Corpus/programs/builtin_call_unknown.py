# raises: NameError
print(len("abc"))
print(lenght("abc"))
