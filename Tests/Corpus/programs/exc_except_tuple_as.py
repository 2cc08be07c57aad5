def safe_get(xs, i):
    try:
        return xs[i]
    except (IndexError, TypeError) as e:
        return f"error({isinstance(e, IndexError)})"
print(safe_get([1, 2], 1), safe_get([1, 2], 9), safe_get([1, 2], "a"), safe_get(None, 0))
