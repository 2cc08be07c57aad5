# CPython needs care to compute this; its value does not fit in 64 bits, so Loupe must either
# report the overflow or stop on a limit, never hang.
# expect-any: overflow | maxSteps | maxWallSeconds
print(sum(range(10 ** 15)))
