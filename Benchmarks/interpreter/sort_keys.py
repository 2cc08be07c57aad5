# Sorting with key functions and lambdas over tuples and dicts.
records = [(f"item{(i * 7919) % 10007}", (i * 31) % 997, ((i * 17) % 101) / 7.0) for i in range(100000)]
by_score = sorted(records, key=lambda r: r[2])
by_two = sorted(records, key=lambda r: (r[1], -r[2]))
by_name = sorted(records)
print(by_score[0], by_two[-1], by_name[100])
dicts = [{"id": i, "w": (i * 13) % 50, "h": (i * 29) % 70} for i in range(30000)]
dicts.sort(key=lambda d: d["w"] * d["h"], reverse=True)
print(dicts[0]["id"], dicts[-1]["id"])
nums = [(i * 2654435761) % 1000003 for i in range(100000)]
nums.sort()
print(nums[0], nums[30000], nums[-1])
print(max(records, key=lambda r: r[1])[0], min(dicts, key=lambda d: d["h"])["id"])
