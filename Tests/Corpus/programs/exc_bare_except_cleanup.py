def parse_all(items):
    """Parse ints, replacing anything unparsable with -1."""
    out = []
    for it in items:
        try:
            out.append(int(it))
        except:
            out.append(-1)
        finally:
            pass
    return out
print(parse_all(["1", "two", "3", None, "4.5", " 6 "]))
try:
    {}["missing"]
except:
    print("bare except caught a KeyError")
