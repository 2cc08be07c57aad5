# raises: RuntimeError
print("about to re-raise nothing")
raise
