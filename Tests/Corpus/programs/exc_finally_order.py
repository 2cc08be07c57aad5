def f(x):
    try:
        print("try", x)
        if x == 0:
            raise ValueError("zero")
        return "ok"
    except ValueError as e:
        print("except", e)
        return "handled"
    finally:
        print("finally", x)
print(f(1))
print(f(0))
