def pipeline(*stages):
    def run(value):
        for stage in stages:
            value = stage(value)
        return value
    return run
clean = pipeline(lambda s: s.strip(), lambda s: s.lower(), lambda s: s.replace(" ", "_"))
print([clean(s) for s in ["  Hello World ", "ABC", " a b c "]])
numeric = pipeline(lambda xs: [x for x in xs if x > 0], sorted, lambda xs: xs[:3])
print(numeric([5, -1, 3, 0, 9, 1]))
