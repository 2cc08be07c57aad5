def mean(xs):
    """Return the arithmetic mean of xs.

    Empty input returns 0.0.
    """
    if not xs:
        return 0.0
    return sum(xs) / len(xs)
def nothing():
    "Single-line docstring only."
print(mean([1, 2, 3, 4]), mean([]))
print(nothing())
