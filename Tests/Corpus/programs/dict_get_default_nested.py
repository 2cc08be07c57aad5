settings = {"display": {"width": 1920}}
w = settings.get("display", {}).get("width", 800)
h = settings.get("display", {}).get("height", 600)
depth = settings.get("audio", {}).get("depth", 16)
print(w, h, depth)
print(settings.get("x") is None, settings.get("x", []) == [])
