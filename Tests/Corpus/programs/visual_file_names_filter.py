names = ["frame_001.png", "frame_002.PNG", "notes.txt", "frame_003.jpg", "thumb_frame_004.png", ".hidden.png"]
pngs = [n for n in names if n.lower().endswith(".png")]
frames = [n for n in names if n.startswith("frame_")]
print(pngs)
print(frames)
print([n for n in names if n.startswith(("frame", "thumb")) and not n.endswith(".txt")])
numbers = [int(n[6:9]) for n in frames if n[6:9].isdigit()]
print(numbers, "frame_{:03d}.png".format(max(numbers) + 1))
