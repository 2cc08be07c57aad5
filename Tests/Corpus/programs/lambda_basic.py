sq = lambda x: x * x
add = lambda a, b=10: a + b
noargs = lambda: "none"
print(sq(7), add(1), add(1, 2), noargs())
print((lambda x, y: x * y)(3, 4))
print(list(map(lambda s: s[::-1], ["abc", "de"])))
pick = lambda flag: "yes" if flag else "no"
print(pick(1), pick(0))
