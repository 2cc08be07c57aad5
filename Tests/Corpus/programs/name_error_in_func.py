# raises: NameError
def f():
    return helper(3)
print("calling")
print(f())
