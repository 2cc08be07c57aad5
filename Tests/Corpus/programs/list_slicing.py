xs = list(range(10))
print(xs[2:5], xs[:3], xs[7:], xs[-3:], xs[:-7])
print(xs[::3], xs[1::2], xs[::-1], xs[-1:-4:-1], xs[8:2:-3])
print(xs[5:2], xs[100:], xs[-100:2])
ys = xs[:]
ys[0] = 99
print(xs[0], ys[0])
