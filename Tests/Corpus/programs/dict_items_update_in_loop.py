inventory = {"apples": 5, "pears": 2, "plums": 0}
for k in list(inventory):
    if inventory[k] == 0:
        del inventory[k]
for k, v in inventory.items():
    inventory[k] = v * 10
print(inventory)
inventory.update({k.upper(): v for k, v in inventory.items()})
print(sorted(inventory.items()))
