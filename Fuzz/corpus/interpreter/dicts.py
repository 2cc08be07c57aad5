d = {'a': 1, **{'b': 2}}
for k, v in sorted(d.items()):
    print(f'{k}={v:>3}')
s = {x % 3 for x in range(10)}
print(sorted(s), d.get('z', 0))
