records = [("b", 2), ("a", 2), ("c", 1), ("d", 3), ("e", 1)]
by_num = sorted(records, key=lambda r: r[1])
print(by_num)
by_num_desc = sorted(records, key=lambda r: r[1], reverse=True)
print(by_num_desc)
records.sort(key=lambda r: r[0], reverse=True)
records.sort(key=lambda r: r[1])
print(records)
