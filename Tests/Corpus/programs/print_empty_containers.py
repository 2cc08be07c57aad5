print([], (), {}, set(), "")
print([[]], [()], [{}], ((),))
print(list(), tuple(), dict())
print(len([]), str([]), str(()))
