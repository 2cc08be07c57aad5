try:
    [][1]
except (IndexError, KeyError) as e:
    print(type(e).__name__, e)
finally:
    print('f')
raise ValueError('x') from None
