def no_return(x):
    x + 1
def bare_return(x):
    if x:
        return
    return x
def early(xs):
    for x in xs:
        if x < 0:
            return x
    return None
print(no_return(1), bare_return(1), bare_return(0), early([1, -2, -3]), early([1]))
