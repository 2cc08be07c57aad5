words = ["Alpha", "beta", "", "Gamma", "delta", "  "]
clean = list(filter(None, map(lambda w: w.strip(), words)))
print(clean)
caps = list(filter(lambda w: w[0].isupper(), clean))
print(caps, list(map(len, caps)))
print(sorted(map(lambda w: w.lower(), clean), key=lambda w: w[-1]))
