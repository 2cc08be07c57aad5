print("tab\there")
print("new\nline")
print("quote\"s and 'single'")
print('single \'q\'')
print("back\\slash")
print(len("\n\t\\"))
print("""triple
quoted""")
print(r"raw\nstring")
