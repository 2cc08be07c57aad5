# expect: __class__
x = []
print(getattr(x, "__class__"))
