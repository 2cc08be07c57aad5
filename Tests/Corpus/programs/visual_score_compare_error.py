# raises: TypeError
dets = [("cat", 0.9), ("dog", None)]
for label, score in dets:
    print(label, score > 0.5)
