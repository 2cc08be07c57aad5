print(int(), int(5), int(-5.9), int("12"), int(" -3 "), int(True))
print(int("1010", 2), int("7f", 16), int("z", 36))
print(int(1e15), int(2.999999))
print(int("  42\n"))
