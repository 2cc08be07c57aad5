# raises: ValueError
dets = [("cat", 0.9), ("dog", 0.8)]
print(max(dets, key=lambda d: d[1]))
birds = [d for d in dets if d[0] == "bird"]
print(len(birds))
print(max(birds, key=lambda d: d[1]))
