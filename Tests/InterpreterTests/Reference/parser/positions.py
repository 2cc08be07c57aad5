result = compute(  first,
    second=2,
    *more,
)
if (a and
        b):
    total = (1 +
             2) \
        * 3
value = [
    1,
    2,
]  # trailing comment
# a comment line

	# tab comment
def spaced ( a ,b ) :
	return a
