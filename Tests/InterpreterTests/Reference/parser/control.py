x = 5
if x > 3:
    y = 1
elif x == 2:
    y = 2
elif x < 0: y = 3
else:
    y = 4

for i in range(10):
    if i % 2:
        continue
    if i > 7:
        break
else:
    pass

for a, (b, *c) in [(1, (2, 3, 4))]:
    print(a, b, c)

while x > 0:
    x -= 1
else:
    x = -1

for k, in [(1,)]: pass

while True: break
assert x == -1, "message"
assert x
