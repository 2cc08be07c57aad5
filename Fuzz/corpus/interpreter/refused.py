import os
class A:
    pass
with open('f') as f:
    pass
@dec
def g():
    global x
    yield 1
async def h():
    await g()
match x:
    case 1:
        pass
