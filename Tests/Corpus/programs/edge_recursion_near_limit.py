def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(depth(900))
def walk(n, acc):
    if n == 0:
        return acc
    return walk(n - 1, acc + [n % 3])
print(sum(walk(800, [])))
