s = "   padded text \t\n"
print("[" + s.strip() + "]")
print("[" + "xxhixx".strip("x") + "]")
print("[" + "--a-b--".strip("-") + "]")
print("[" + "  left".lstrip() + "]", "[" + "right  ".rstrip() + "]")
print("[" + "abcba".strip("ab") + "]")
print("[" + "".strip() + "]")
