def parse(s):
    try:
        v = int(s)
    except ValueError:
        print("bad", s)
        return None
    else:
        print("good", s)
        return v
    finally:
        print("checked", s)
print(parse("12"), parse("zz"))
