def msg(f):
    try:
        f()
        return "no error"
    except Exception as e:
        return f"{'KeyError' if isinstance(e, KeyError) else 'IndexError' if isinstance(e, IndexError) else 'other'}: {e}"
print(msg(lambda: {"a": 1}["b"]))
print(msg(lambda: {}.pop("k")))
print(msg(lambda: {1: 2}[3]))
print(msg(lambda: {(1, 2): 0}[(2, 1)]))
print(msg(lambda: [1][5]))
print(msg(lambda: "abc"[10]))
print(msg(lambda: (1, 2)[-3]))
print(msg(lambda: [].pop()))
print(msg(lambda: [1].pop(4)))
s = {1}
print(msg(lambda: s.remove(2)))
