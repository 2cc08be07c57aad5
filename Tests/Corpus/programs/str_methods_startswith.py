files = ["img_01.png", "img_02.jpg", "doc.txt", "IMG_03.png"]
for f in files:
    print(f, f.startswith("img"), f.endswith(".png"), f.lower().startswith("img"))
print("hello".startswith(("he", "x")), "hello".endswith(("lo", "z")))
print("".startswith(""), "abc".endswith(""))
