s = "héllo wörld"
print(len(s), s.upper(), s.title(), s[1], s[::-1])
print("straße".upper(), "ÀÉÎ".lower(), len("日本語"), "日本語"[1])
print(sorted(["é", "e", "z", "a", "É"]))
print("naïve café".split(), "ñ" in "España")
print("they're bill's".title(), "hello WORLD".capitalize(), "x".center(5, "é"))
