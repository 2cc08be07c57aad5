# raises: IndexError
boxes = [(0, 0, 10, 10), (5, 5, 20, 20)]
for i in range(3):
    print(boxes[i])
