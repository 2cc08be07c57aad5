text = "Hello World 2024! Room 101."
upper = sum(1 for c in text if c.isupper())
lower = sum(1 for c in text if c.islower())
digits = "".join(c for c in text if c.isdigit())
spaces = text.count(" ")
print(upper, lower, digits, spaces)
print("".join(c if c.isalnum() else "_" for c in text))
