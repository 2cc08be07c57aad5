words = ["red", "green", "blue"]
print(", ".join(words))
print("".join(words))
print("-".join("abc"))
print(" ".join(str(i) for i in range(5)))
print("/".join([]))
print("\n".join(["line1", "line2"]))
