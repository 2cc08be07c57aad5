stack = []
for i in range(5):
    stack.append(i * i)
while stack:
    print("pop", stack.pop())
queue = [1, 2, 3]
queue.append(4)
while queue:
    head = queue.pop(0)
    print("serve", head)
