deps = {"app": ["lib", "utils"], "lib": ["core"], "utils": ["core"], "core": [], "tests": ["app"]}
order = []
state = {}
def visit(n):
    if state.get(n) == "done":
        return
    state[n] = "visiting"
    for d in deps[n]:
        visit(d)
    state[n] = "done"
    order.append(n)
for n in sorted(deps):
    visit(n)
print(order)
