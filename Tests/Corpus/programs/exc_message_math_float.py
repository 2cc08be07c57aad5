import math
def msg(f):
    try:
        return f()
    except (ValueError, OverflowError, TypeError) as e:
        kind = "ValueError" if isinstance(e, ValueError) else "OverflowError" if isinstance(e, OverflowError) else "TypeError"
        return f"{kind}: {e}"
print(msg(lambda: math.exp(1000)))
print(msg(lambda: 2.0 ** 10000))
print(msg(lambda: math.log(0)))
print(msg(lambda: math.factorial(-1)))
print(msg(lambda: int(float("nan"))))
print(msg(lambda: round(float("nan"))))
print(msg(lambda: round(float("inf"))))
print(msg(lambda: range(1.5)))
print(msg(lambda: math.sqrt("4")))
print(msg(lambda: 1e308 * 10))
