for v in [0, 1, "", "x", [], [0], {}, None, 0.0, -0.1]:
    if v:
        print(v, "truthy")
    else:
        print(v, "falsy")
