owner = {"car": "ann", "bike": "bob", "boat": "ann", "kite": "cy", "van": "bob"}
by_person = {}
for item, person in owner.items():
    by_person.setdefault(person, []).append(item)
for person in sorted(by_person):
    print(person, sorted(by_person[person]))
print(max(by_person, key=lambda p: len(by_person[p])))
