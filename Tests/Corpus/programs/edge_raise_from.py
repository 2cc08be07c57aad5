# raises: ValueError
def parse(s):
    try:
        return int(s)
    except ValueError as e:
        raise ValueError(f"bad field {s!r}") from e
print(parse("7"))
print(parse("x"))
