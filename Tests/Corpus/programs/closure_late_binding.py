def build():
    fs = []
    for i in range(3):
        def f():
            return i
        fs.append(f)
    return fs
print([f() for f in build()])
def build_bound():
    fs = []
    for i in range(3):
        fs.append(lambda i=i: i * 10)
    return fs
print([f() for f in build_bound()])
