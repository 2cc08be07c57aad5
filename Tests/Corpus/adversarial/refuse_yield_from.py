# expect: yield
def gen():
    yield from [1, 2]
print(list(gen()))
