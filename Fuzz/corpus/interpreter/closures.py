def outer(n):
    total = 0
    def add(k):
        return n + k
    return [add(i) for i in range(n)]
print(outer(3))
