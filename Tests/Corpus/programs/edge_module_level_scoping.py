if True:
    defined_in_if = "visible"
for i in range(2):
    loop_made = i * 10
def reader():
    return defined_in_if, loop_made, counter
counter = 1
print(reader())
counter = 2
print(reader())
try:
    made = int("x")
except ValueError:
    made = "fallback"
print(made)
