def todo():
    pass
for i in range(3):
    pass
if True:
    pass
else:
    pass
print(todo(), i)
try:
    pass
except ValueError:
    pass
print("after pass")
