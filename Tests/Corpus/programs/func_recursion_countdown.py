def count_down(n):
    return n if n <= 0 else count_down(n - 1)
print(count_down(100))
print("recursion depth 100 is fine")
