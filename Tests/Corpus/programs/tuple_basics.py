t = (1, "two", 3.0)
print(t, len(t), t[1], t[-1], t[:2])
single = (5,)
empty = ()
print(single, empty, len(empty))
print((1, 2) + (3,), (0,) * 3)
print(t.count(1), t.index("two"))
a, b, c = t
print(a, b, c)
