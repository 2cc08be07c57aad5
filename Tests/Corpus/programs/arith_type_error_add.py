# raises: TypeError
n = 5
label = "count: "
print(label + str(n))
print(label + n)
