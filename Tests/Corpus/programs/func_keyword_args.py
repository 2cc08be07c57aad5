def box(x, y, w, h, label="obj", score=1.0):
    return f"{label}@({x},{y},{w}x{h}) {score:.2f}"
print(box(1, 2, 3, 4))
print(box(1, 2, w=30, h=40, score=0.5))
print(box(h=1, w=2, y=3, x=4, label="cat"))
args = [5, 6, 7, 8]
print(box(*args, label="dog"))
