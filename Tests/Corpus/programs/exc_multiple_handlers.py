def risky(kind):
    if kind == 1:
        return [][0]
    if kind == 2:
        return {}["x"]
    if kind == 3:
        return 1 / 0
    if kind == 4:
        return "s" + 1
    return "fine"
for k in range(5):
    try:
        print(risky(k))
    except (IndexError, KeyError) as e:
        print("lookup error", k)
    except ZeroDivisionError:
        print("zero", k)
    except Exception as e:
        print("other", k, isinstance(e, TypeError))
