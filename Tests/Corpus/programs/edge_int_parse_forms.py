print(int("1_000"), int("0x10", 16), int("0b101", 0), int("0o17", 0), int("-0"), int("+7"))
print(float("1_0.5"), float("  .5 "), float("5."), float("-.25e2"), float("INF"), float("nAn") != 0)
print(int("  -12  "), int("z", 36), int("Z", 36))
