frames = [
    {"t": 0.0, "objects": ["car"]},
    {"t": 0.5, "objects": ["car", "person"]},
    {"t": 1.0, "objects": ["person"]},
    {"t": 1.5, "objects": []},
    {"t": 2.0, "objects": ["person", "dog"]},
]
first_person = next_t = None
for f in frames:
    if "person" in f["objects"]:
        first_person = f["t"]
        break
print("first person at", first_person)
present = [f["t"] for f in frames if "person" in f["objects"]]
print("person present at", present, "for", len(present) * 0.5, "s")
print("max objects", max(len(f["objects"]) for f in frames))
