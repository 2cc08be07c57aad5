print(["a\tb", "a\nb", "\x00", "\\", "é", "日本", "it's", "\"q\""])
print(repr("mixed ' and \""), repr(""), repr("'"), repr('"'))
print(("\r", "\x7f", "\u200b"))
print(f"{'x'!r} {'it' + chr(39) + 's'!r}")
