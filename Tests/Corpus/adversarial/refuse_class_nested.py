# expect: class
def make():
    class Hidden:
        x = 1
    return Hidden
print(make())
