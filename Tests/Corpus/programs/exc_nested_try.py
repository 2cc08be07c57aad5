def work(a, b):
    try:
        try:
            return a / b
        except ZeroDivisionError:
            print("inner: zero")
            raise ValueError("converted")
        finally:
            print("inner finally")
    except ValueError as e:
        print("outer:", e)
        return -1
print(work(6, 3))
print(work(1, 0))
