a = 'single' "double" '''triple
line''' """triple "double" quotes"""
b = r'raw\n' R"raw\t" '\n\t\\\'\"\x41\u00e9\U0001F600\101\0' 'a\
b'
c = f"plain {x} and {y!r} and {z:>10} and {w!s:{width}.{precision}}"
d = f'{a["key"]}' F"{{braces}}" rf"{x}\d" FR'{y}\n' fR"""{z}
more {q}"""
e = f"{x=}" f"{x = }" f"{x=!s}" f"{x=:>4}" f"{x!a}"
g = "concat " f"mixed {x} " "tail"
h = f"{x:{'>' if y else '<'}{width}}"
i = f"{3.14:.2f}" f"{'nested'}" f"{x, y}" f"{[a for a in b]}"
j = 'unknown \q escape' "tab\there"
k = f"{ x + 1 }"
l = f""
m = u"unicode prefix"
n = "é" + "日本"
o = f"{x}{y}"
