seen = []
def check(v):
    seen.append(v)
    return v > 2
print(any(check(v) for v in [1, 2, 3, 4, 5]), seen)
seen.clear()
print(all(check(v) for v in [3, 4, 1, 5]), seen)
print(any([]), all([]), any([[]]), all([[]]), any(iter_ for iter_ in "abc"))
