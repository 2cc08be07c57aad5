# str.format field names reach attributes too; underscores must be refused there as well.
# expect-any: __class__ | not supported
print("{0.__class__}".format(1))
