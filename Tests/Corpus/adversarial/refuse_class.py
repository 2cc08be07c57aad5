# expect: class
class Box:
    pass
print(Box())
