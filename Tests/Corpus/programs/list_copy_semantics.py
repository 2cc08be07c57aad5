a = [1, [2, 3]]
b = a[:]
b[0] = 100
b[1].append(4)
print(a, b)
c = list(a)
c[1] = "new"
print(a, c)
def mutate(xs):
    xs.append("m")
    xs = ["rebound"]
    return xs
print(mutate(a), a)
