def classify(f):
    try:
        f()
    except LookupError:
        return "lookup"
    except ArithmeticError:
        return "arith"
    except Exception:
        return "other"
    return "none"
print(classify(lambda: [][0]), classify(lambda: {}[1]), classify(lambda: 1 // 0))
print(classify(lambda: int("q")), classify(lambda: None))
