print(True, False, [True, None], {True: False})
print(True + True + True, True * 3.5, -True, True // 2, True % 2, True ** 10)
print(str(True).lower(), int("1") == True, isinstance(True, int), isinstance(1, bool))
print(max(True, 2), min(False, -1), abs(False), round(True))
