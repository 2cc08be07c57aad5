line = "x=1;y=2;z=3"
pairs = line.split(";")
d = {}
for p in pairs:
    k, v = p.split("=")
    d[k] = int(v)
print(d)
print("a b c d".split(" ", 2))
print("1-2-3-4".split("-", 1))
print("no-sep".split("|"))
