for a in range(-6, 7, 3):
    for b in (-4, -3, 3, 4):
        print(f"{a} % {b} = {a % b}; {a} // {b} = {a // b}")
