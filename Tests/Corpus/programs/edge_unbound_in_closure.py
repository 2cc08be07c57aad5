# raises: NameError
def make():
    def get():
        return value
    print("calling before assignment")
    result = get()
    value = 1
    return result
make()
