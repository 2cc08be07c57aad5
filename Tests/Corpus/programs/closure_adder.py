def make_adder(n):
    def add(x):
        return x + n
    return add
add5 = make_adder(5)
add10 = make_adder(10)
print(add5(1), add10(1), make_adder(-1)(0))
adders = [make_adder(i) for i in range(4)]
print([a(100) for a in adders])
