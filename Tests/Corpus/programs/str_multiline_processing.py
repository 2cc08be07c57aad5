text = """name,age,city
Ann,31,Paris
Bob,25,Berlin
Cy,40,Rome"""
lines = text.split("\n")
header = lines[0].split(",")
records = [dict(zip(header, l.split(","))) for l in lines[1:]]
print(records[1])
print(sorted(r["name"] for r in records if int(r["age"]) > 30))
print(sum(int(r["age"]) for r in records) / len(records))
