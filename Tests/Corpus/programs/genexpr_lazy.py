def noisy(n):
    print("make", n)
    return n
g = (noisy(i) for i in range(3))
print("created")
for v in g:
    print("got", v)
print(list(g))
print(any(noisy(i) > 0 for i in range(5)))
