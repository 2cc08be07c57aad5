def msg(f):
    try:
        f()
        return "no error"
    except Exception as e:
        return str(e)
print(msg(lambda: [1, 2] * [2]))
print(msg(lambda: 1 + "a"))
print(msg(lambda: "a" + 1))
print(msg(lambda: "ab" * 2.0))
print(msg(lambda: len(5)))
five = 5
print(msg(lambda: five()))
one_set = {1}
print(msg(lambda: one_set[0]))
print(msg(lambda: 1 < "2"))
print(msg(lambda: sum(["a", "b"])))
print(msg(lambda: {"a": 1} + {"b": 2}))
nothing = None
print(msg(lambda: [][nothing]))
print(msg(lambda: -"x"))
