print(round(3.7), round(-3.7), round(2.5), round(3.5), round(-2.5))
print(round(3.14159, 2), round(2.5, 0), round(1234, -2))
print(round(0.5), round(1.5), round(10))
print(isinstance(round(2.5), int), isinstance(round(2.5, 0), float))
