# raises: AttributeError
def find(xs, t):
    for x in xs:
        if x == t:
            return x
result = find(["a", "b"], "c")
print(result)
print(result.upper())
