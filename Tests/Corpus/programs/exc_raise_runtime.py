# raises: RuntimeError
print("about to fail")
raise RuntimeError("custom failure")
