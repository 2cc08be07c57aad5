s = "it's"
print(f"{s!r} {s!s} {s}")
print(f"{[s]}")
print(f"{3.0!r} {'x'!r:>6}")
