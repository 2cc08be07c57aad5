# raises: KeyError
config = {"model": {"name": "gemma", "size": 270}}
print(config["model"]["name"])
print(config["model"]["layers"])
