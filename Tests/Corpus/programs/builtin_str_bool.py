print(bool(0), bool(1), bool(-1), bool(0.0), bool(""), bool("0"), bool([]), bool([0]))
print(bool({}), bool({"": 0}), bool(None), bool(()), bool(set()), bool(range(0)))
print(str(True), str(False) + "!", bool("False"))
