objects = {"tree": 12.5, "person": 3.2, "car": 7.75, "house": 20.0, "dog": 3.2}
closest_first = sorted(objects, key=lambda k: (objects[k], k))
print(closest_first)
near = [k for k in closest_first if objects[k] < 8]
print("near:", ", ".join(near))
print(f"mean depth {sum(objects.values()) / len(objects):.3f}")
