x = (yield
