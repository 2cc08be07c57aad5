s = "hello world"
print(s.title(), s.capitalize())
print("42".zfill(5), "-42".zfill(5))
print("abc".center(9, "*"), "abc".ljust(6, "."), "abc".rjust(6))
print(s.rsplit(" ", 1), s.partition(" "))
print("a\nb\nc".splitlines())
