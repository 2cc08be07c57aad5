s = "Hello, World"
print(s.swapcase(), s.casefold(), s.isalnum(), "abc123".isalnum(), s.istitle())
print(s.index("o"), s.rindex("o"), s.lower().count("l"), s.split(", "))
print("a-b_c d".replace("-", " ").replace("_", " ").split())
print(",".join(["x"] * 3), "ab".join("123"), "%".join([]))
print("tab\tsep".expandtabs(4), "  x".isspace(), "\t\n ".isspace())
