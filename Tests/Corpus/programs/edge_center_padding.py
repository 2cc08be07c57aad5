for w in range(3, 9):
    print(repr("abc".center(w)), repr("ab".center(w)), repr("ab".center(w, "*")))
print("-5".zfill(4), "+5".zfill(4), "abc".zfill(5), "".zfill(2))
print(repr("x".ljust(3, "-")), repr("x".rjust(3, "-")), repr("long".ljust(2)))
