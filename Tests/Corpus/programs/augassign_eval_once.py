calls = []
def idx(i):
    calls.append(i)
    return i
xs = [10, 20, 30]
xs[idx(1)] += 5
print(xs, calls)
d = {"k": [1]}
d["k"] += [2]
print(d)
