ages = {"carol": 35, "alice": 30, "bob": 25, "dave": 30}
for name in sorted(ages):
    print(name, ages[name])
for name, age in sorted(ages.items(), key=lambda kv: kv[1]):
    print(age, name)
oldest = max(ages, key=ages.get)
print("oldest", oldest)
print(sorted(ages.items(), key=lambda kv: (-kv[1], kv[0])))
