print(undefined_name)
x = y + 1
y = 2
def f():
    return z
np.array([1])
image_patch = ImagePatch(image)
image_patch.nonexistent()
