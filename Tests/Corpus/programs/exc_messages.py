def show(f):
    try:
        f()
    except Exception as e:
        print(isinstance(e, Exception), str(e))
show(lambda: 1 / 0)
show(lambda: [1, 2][5])
show(lambda: {"a": 1}["b"])
show(lambda: int("x1"))
show(lambda: "a" + 1)
show(lambda: undefined_name)
show(lambda: [].pop())
