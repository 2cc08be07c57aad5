def find(image, name):
    return [o for o in image["objects"] if o["name"] == name]
def execute_command(image):
    mugs = find(image, "mug")
    if not mugs:
        return "no"
    mug = max(mugs, key=lambda o: o["score"])
    tables = find(image, "table")
    on_table = any(t["y1"] <= mug["y2"] <= t["y2"] for t in tables)
    return "yes" if on_table else "no"
image = {"objects": [
    {"name": "mug", "score": 0.8, "y1": 10, "y2": 40},
    {"name": "mug", "score": 0.6, "y1": 80, "y2": 90},
    {"name": "table", "score": 0.9, "y1": 35, "y2": 70},
]}
print(execute_command(image))
print(execute_command({"objects": []}))
