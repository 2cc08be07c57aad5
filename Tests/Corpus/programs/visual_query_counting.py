scene = [
    {"name": "apple", "color": "red", "x": 10},
    {"name": "apple", "color": "green", "x": 50},
    {"name": "banana", "color": "yellow", "x": 30},
    {"name": "apple", "color": "red", "x": 90},
]
def count(name, color=None):
    return sum(1 for o in scene if o["name"] == name and (color is None or o["color"] == color))
print(count("apple"), count("apple", "red"), count("banana", color="green"))
reds = [o for o in scene if o["color"] == "red"]
print("rightmost red:", max(reds, key=lambda o: o["x"])["x"])
print("colors:", sorted({o["color"] for o in scene}))
