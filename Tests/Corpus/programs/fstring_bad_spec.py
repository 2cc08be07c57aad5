# raises: ValueError
v = 3
print(f"{v:5d}")
print(f"{'text':d}")
