def outer():
    fs = []
    x = 1
    fs.append(lambda: x)
    x = 2
    fs.append(lambda: x)
    return [f() for f in fs]
print(outer())
def make():
    def get():
        return later
    later = "bound after def"
    return get
print(make()())
