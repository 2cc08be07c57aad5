queue = [5, 3, 8, 1]
processed = []
while True:
    if not queue:
        break
    item = queue.pop()
    if item == 3:
        continue
    processed.append(item * 2)
print(processed)
attempts = 0
while True:
    attempts += 1
    if attempts * attempts > 50:
        break
print(attempts)
