def outer():
    items = []
    def add(x):
        items.append(x)
        return len(items)
    def show():
        return list(items)
    add(1)
    add(2)
    return add, show
add, show = outer()
add(3)
print(show())
