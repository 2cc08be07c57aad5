# Building and dropping a million nested lists must not overflow the stack when freed.
# expect-exit: 0
# stdout: built
# stdout: dropped
x = []
for i in range(1000000):
    x = [x]
print("built")
x = None
print("dropped")
