# raises: UnboundLocalError
count = 0
def bump():
    print("bumping")
    count = count + 1
    return count
print(bump())
