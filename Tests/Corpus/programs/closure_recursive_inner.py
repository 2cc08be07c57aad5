def count_leaves(nested):
    def walk(x):
        if isinstance(x, list):
            return sum(walk(y) for y in x)
        return 1
    return walk(nested)
print(count_leaves([1, [2, 3, [4, [5]]], [], 6]))
def flatten(xs):
    out = []
    def go(x):
        if isinstance(x, (list, tuple)):
            for y in x:
                go(y)
        else:
            out.append(x)
    go(xs)
    return out
print(flatten([1, (2, [3, 4]), [[5]]]))
