# raises: AttributeError
box = [0, 0, 10, 10]
box[2] = 20
print(box)
box.width = 20
