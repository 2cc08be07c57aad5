import math
def detect(scene, name):
    return [o for o in scene if o["name"] == name]
def center(o):
    x1, y1, x2, y2 = o["box"]
    return ((x1 + x2) / 2, (y1 + y2) / 2)
def closest(objs, point):
    return min(objs, key=lambda o: math.sqrt((center(o)[0] - point[0]) ** 2 + (center(o)[1] - point[1]) ** 2))
scene = [
    {"name": "person", "box": (10, 20, 50, 120), "score": 0.93},
    {"name": "person", "box": (200, 30, 240, 140), "score": 0.88},
    {"name": "umbrella", "box": (190, 0, 260, 40), "score": 0.71},
    {"name": "dog", "box": (60, 90, 100, 125), "score": 0.65},
]
umbrella = detect(scene, "umbrella")[0]
holder = closest(detect(scene, "person"), center(umbrella))
print("umbrella held by person at", holder["box"])
dog = detect(scene, "dog")[0]
side = "left" if center(dog)[0] < center(holder)[0] else "right"
print(f"dog is to the {side} of the umbrella holder; scores {holder['score']:.2f}/{dog['score']:.2f}")
print(sorted((o["name"] for o in scene), key=lambda n: (-len(n), n)))
