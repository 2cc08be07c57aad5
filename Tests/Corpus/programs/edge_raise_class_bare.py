# raises: ValueError
def check(x):
    if x < 0:
        raise ValueError
    return x
print(check(3))
check(-1)
