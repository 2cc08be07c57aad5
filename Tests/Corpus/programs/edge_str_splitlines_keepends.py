text = "one\ntwo\r\nthree\n\nfive"
print(text.splitlines())
print(text.splitlines(True))
print("".splitlines(), "x\n".splitlines(), "x\n".split("\n"))
print([line.strip() for line in "  a  \n b\n".splitlines() if line.strip()])
