errors = [TypeError("t"), ValueError("v"), KeyError("k"), IndexError("i"), ZeroDivisionError("z"), RuntimeError("r")]
for err in errors:
    try:
        raise err
    except Exception as e:
        print(isinstance(e, ValueError), isinstance(e, LookupError), str(e))
try:
    raise ValueError
except ValueError as e:
    print("bare class raised:", str(e) == "")
