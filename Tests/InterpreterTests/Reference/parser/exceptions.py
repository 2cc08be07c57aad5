try:
    v = 1 / 0
except ZeroDivisionError as e:
    print(e)
except (KeyError, IndexError):
    pass
except Exception:
    raise
except:
    raise ValueError("bad") from None
else:
    v = 2
finally:
    v = 3

try:
    pass
finally:
    pass

try:
    raise KeyError
except KeyError as err:
    raise RuntimeError("wrapped") from err
