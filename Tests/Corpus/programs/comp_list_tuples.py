boxes = [("cat", 0.9, (10, 10, 50, 60)), ("dog", 0.4, (0, 0, 5, 5)), ("cat", 0.7, (30, 30, 80, 90))]
cats = [b for b in boxes if b[0] == "cat"]
print(len(cats))
areas = [(x2 - x1) * (y2 - y1) for _, _, (x1, y1, x2, y2) in boxes]
print(areas)
confident = [(name, score) for name, score, _ in boxes if score >= 0.5]
print(confident)
