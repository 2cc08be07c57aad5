# Catching RecursionError and recursing again is exponential; Loupe must still stop.
# expect-any: RecursionError | maxSteps | maxWallSeconds
def f():
    try:
        f()
    except RecursionError:
        f()
f()
