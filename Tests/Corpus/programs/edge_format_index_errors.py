def attempt(template, *args):
    try:
        return template.format(*args)
    except (IndexError, KeyError, ValueError) as e:
        return f"{isinstance(e, IndexError)}/{isinstance(e, KeyError)}/{isinstance(e, ValueError)}: {e}"
print(attempt("{} {}", 1))
print(attempt("{0} {2}", 1, 2))
print(attempt("{name}", 1))
print(attempt("{:d}", 1.5))
print(attempt("{} {}", "a", "b"))
