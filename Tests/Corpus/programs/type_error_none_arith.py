# raises: TypeError
def maybe(x):
    if x > 0:
        return x * 2
print(maybe(2) + 1)
print(maybe(-2) + 1)
