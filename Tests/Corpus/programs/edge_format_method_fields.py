point = (3, 4)
info = {"name": "box", "w": 10}
print("{0[0]},{0[1]}".format(point))
print("{d[name]} is {d[w]} wide".format(d=info))
print("{:>{w}}|{:.{p}f}".format("x", 3.14159, w=5, p=2))
print("{!r} {!s} {:>4}".format("a", "b", "c"))
print("{0}{1}{0}".format("ab", "-"), "{}".format([1, "x"]))
