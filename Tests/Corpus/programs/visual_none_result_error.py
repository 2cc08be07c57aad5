# raises: TypeError
def best_match(dets, label):
    for d in dets:
        if d[0] == label:
            return d
dets = [("cat", 0.9), ("dog", 0.8)]
print(best_match(dets, "cat")[1])
print(best_match(dets, "car")[1])
