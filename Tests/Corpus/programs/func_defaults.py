def greet(name, greeting="Hello", punct="!"):
    return greeting + ", " + name + punct
print(greet("Ann"))
print(greet("Bob", "Hi"))
print(greet("Cy", punct="?"))
print(greet(greeting="Yo", name="Di"))
def scale(x, factor=2.0):
    return x * factor
print(scale(3), scale(3, 3), scale(x=1, factor=0.5))
