s = "the quick  brown fox"
print(s.split())
print(s.split(" "))
print(s.split("o"))
print("a,b,,c".split(","))
print("".split(), "".split(","))
print("  lead and trail  ".split())
