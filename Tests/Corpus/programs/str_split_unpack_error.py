# raises: ValueError
line = "a=1"
k, v = line.split("=")
print(k, v)
line = "a=1=2"
k, v = line.split("=")
