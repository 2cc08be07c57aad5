x = 5
name = "cat"
print(f"{x=}")
print(f"{x * 2 = }")
print(f"{name=!s} {name=}")
print(f"{x=:>4}")
