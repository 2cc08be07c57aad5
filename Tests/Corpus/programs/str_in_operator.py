s = "visual programming"
for sub in ["visual", "gram", "xyz", "", "V"]:
    print(sub, sub in s, sub not in s)
