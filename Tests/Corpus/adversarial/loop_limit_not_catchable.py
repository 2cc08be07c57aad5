# A limit is not an exception: neither except nor finally may keep the program running.
# expect: LimitExceeded
# expect-any: maxSteps | maxWallSeconds
# stdout-excludes: caught
# stdout-excludes: finally ran
try:
    while True:
        pass
except BaseException:
    print("caught")
finally:
    print("finally ran")
while True:
    print("caught")
