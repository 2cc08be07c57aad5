# Comprehensions, generator expressions and builtins over lists.
data = [(i * 37) % 1000 for i in range(150000)]
squares = [x * x for x in data if x % 2 == 0]
pairs = [(x, y) for x in range(250) for y in range(x, 250) if (x + y) % 11 == 0]
lookup = {x: i for i, x in enumerate(data[:5000])}
uniq = {x % 97 for x in data}
print(len(squares), sum(squares) % 1000003, len(pairs), len(lookup), len(uniq))
print(sum(x for x in data if x > 500), max(x % 313 for x in data), any(x == 999 for x in data))
nested = [[c * r for c in range(60)] for r in range(900)]
print(sum(sum(row) for row in nested), sum(map(len, nested)))
