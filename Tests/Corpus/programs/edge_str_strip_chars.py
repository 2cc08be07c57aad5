print("xxhixyx".strip("xy"), "..a.b..".lstrip("."), "..a.b..".rstrip("."))
print("  \t\n x \r\n".strip() == "x", "abc".strip(""), "abc".strip("cba"))
print("www.example.com".strip("cmowz."), "#  title  #".strip("# "))
