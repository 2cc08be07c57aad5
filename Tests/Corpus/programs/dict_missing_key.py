# raises: KeyError
d = {"width": 640, "height": 480}
print(d["width"] * d["height"])
print(d["depth"])
