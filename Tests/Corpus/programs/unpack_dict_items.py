inventory = {"bolts": 120, "nuts": 80, "washers": 200}
for (name, qty) in inventory.items():
    print(name.ljust(8), qty)
(k1, v1), *others = inventory.items()
print(k1, v1, others)
keys, values = zip(*inventory.items())
print(keys, values)
