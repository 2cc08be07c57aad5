def add_tag(box, tag, tags=None):
    if tags is None:
        tags = {}
    tags.setdefault(box, []).append(tag)
    return tags
t1 = add_tag("b1", "red")
t2 = add_tag("b2", "big")
shared = {}
add_tag("b1", "red", shared)
add_tag("b1", "small", shared)
print(t1, t2, shared)
