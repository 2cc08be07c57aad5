# raises: NameError
total = 10
print(total)
print(totl)
