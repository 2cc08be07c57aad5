def area(w, h):
    assert w >= 0 and h >= 0, "negative size"
    return w * h
print(area(2, 3))
try:
    area(-1, 2)
except AssertionError as e:
    print("assertion:", e)
try:
    assert 1 == 2
except AssertionError as e:
    print("no message:", str(e) == "")
