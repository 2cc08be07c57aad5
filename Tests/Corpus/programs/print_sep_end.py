print("a", 1, 2.0, None, sep="|")
print("x", end="!")
print("y", end="\n\n")
print("z", sep="", end="")
print()
for i in range(3):
    print(i, end=" " if i < 2 else "\n")
print("done", sep="")
