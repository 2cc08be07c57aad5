def msg(f):
    try:
        f()
        return "no error"
    except Exception as e:
        return str(e)
print(msg(lambda: undefined_thing))
print(msg(lambda: [].push(1)))
print(msg(lambda: "s".append("t")))
print(msg(lambda: (5).append(1)))
print(msg(lambda: None.upper()))
print(msg(lambda: {}.add(1)))
def uses_later():
    value = later_defined * 2
    return value
later_defined = 21
print(msg(uses_later))
