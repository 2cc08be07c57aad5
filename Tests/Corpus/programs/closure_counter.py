def make_counter():
    state = {"n": 0}
    def inc(step=1):
        state["n"] += step
        return state["n"]
    return inc
c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(10), c2())
