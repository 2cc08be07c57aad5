s = "Hello, World 42"
print(s.lower(), s.upper())
print("MiXeD".lower().upper())
print("x".upper() + "y".lower())
print("abc".upper() == "ABC", "ABC".lower())
names = ["bob", "Alice", "carol", "Dave"]
print(sorted(names), sorted(names, key=lambda n: n.lower()))
