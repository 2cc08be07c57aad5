name = "Loupe"
n = 3
x = 2.5
print(f"{name} has {n} items")
print(f"{n + 1} {n * x} {name.upper()} {name[0]}")
print(f"{{braces}} {n}")
print(f"{'nested'} {[1, 2]} {(1,)} {None} {True}")
print(f"{n}{n}{n}")
print(f"")
