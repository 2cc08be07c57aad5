# `type` with three arguments would build a class; Loupe must refuse or not provide it.
# expect: type
T = type("T", (), {"x": 1})
print(T.x)
