# expect: exec
exec("print('executed')")
