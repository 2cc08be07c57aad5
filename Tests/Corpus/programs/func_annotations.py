def area(w: int, h: int = 1) -> int:
    return w * h
def describe(name: str, tags: list = None) -> str:
    tags = tags or []
    return name + ":" + ",".join(tags)
count: int = 3
label: str
print(area(3, 4), area(5), count)
print(describe("a"), describe("b", ["x", "y"]))
