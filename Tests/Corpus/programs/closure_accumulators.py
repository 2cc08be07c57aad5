def running_mean():
    values = []
    def add(v):
        values.append(v)
        return sum(values) / len(values)
    return add
m = running_mean()
print([round(m(v), 3) for v in [3, 5, 10, 2]])
def make_ops():
    total = [0]
    def add(n):
        total[0] += n
    def get():
        return total[0]
    return add, get
add, get = make_ops()
for i in range(5):
    add(i)
print(get())
