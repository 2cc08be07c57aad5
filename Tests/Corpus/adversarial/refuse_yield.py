# expect: yield
def gen():
    yield 1
print(list(gen()))
