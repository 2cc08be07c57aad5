# expect: decorator
@staticmethod
def g():
    return 1
