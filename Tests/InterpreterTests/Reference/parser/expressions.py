a = 1 + 2 * 3 - 4 / 5 // 6 % 7 ** 8 ** 2
b = -a + +a - ~a
c = not a and b or not not c
d = 1 < a <= 3 != b == c > d >= e
e = a in b not in c is d is not e
f = a if b else c if d else e
g = (h := 10) + h
i = a | b ^ c & d << 1 >> 2
j = -2 ** 2
k = (-2) ** -2
l = a.b.c(d)[e](f).g
m = x[1], x[1:2], x[::3], x[1:], x[:2], x[:], x[1:2:3], x[a, b], x[1:2, ::3]
n = [1, 2, *rest], (1,), (), (1, 2), [], {}, {1, 2}, {1: 2, **other, 3: 4}, {*s, 5}
o = f(1, *args, key=2, **kw), f(x for x in y), f(), f(a)(b)(c)
p = ...
q = None, True, False
r = 0, 10, 0x1F, 0o17, 0b101, 1_000_000, 0xdead_beef, 9223372036854775807
s = 1.5, .5, 1., 1e10, 1.5e-3, 1_0.2_5, 1E+5, 0e0, 00.5
t = a @ b
u = x if (y := 3) else z
v = not a == b
w = a + b - c + d - e
y = 0x_ff, 0o_17, 0b_1_0, 0X_A
