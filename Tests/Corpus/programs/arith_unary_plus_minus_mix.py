values = [3, -3, 0, 2.5, -0.0]
print([+v for v in values])
print([-v for v in values])
print([-(+v) for v in values], [+(-v) for v in values])
print(+True, -True, -(-1), +-+-1)
x = 5
print(x - -x, x + +x, x - +x, -x ** 2, (-x) ** 2)
