count = 0
for i in range(1, 5):
    for j in range(i, 5):
        for k in range(j, 5):
            if i + j + k == 8:
                count += 1
                print(i, j, k)
print("count", count)
