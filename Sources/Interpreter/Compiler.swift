// Compiles the syntax tree once into a tree of Swift closures. Names are resolved to slots
// (locals), cells (captured variables) or global-table indices ahead of time, so running a
// program does no dictionary lookups or string comparisons for variables, and control flow
// (break/continue/return) travels as a `Flow` value rather than as thrown errors.

final class Compiler {
    let rt: Runtime
    let scope: Scope
    /// Qualified-name prefix for functions defined here (`outer.<locals>.`).
    let qualifier: String

    init(rt: Runtime, scope: Scope, qualifier: String = "") {
        self.rt = rt
        self.scope = scope
        self.qualifier = qualifier
    }

    static func refusal(_ construct: String, _ at: SourceLocation) -> PyError {
        let e = ExceptionObject(.syntaxError, "\(construct) \(construct.hasSuffix("s") ? "are" : "is") not supported in Loupe programs (line \(at.line))")
        e.traceback = [TraceFrame(function: "<module>", line: at.line)]
        return PyError(e)
    }

    // MARK: Statements

    func block(_ body: [Stmt]) throws -> Exec {
        let execs = try body.map { try statement($0) }
        let lines = body.map { $0.location.line }
        let rt = self.rt
        if execs.isEmpty { return { _ in .normal } }
        if execs.count == 1 {
            let s = execs[0], line = lines[0]
            return { f in
                f.line = line
                try rt.tick()
                return try s(f)
            }
        }
        return { f in
            for i in 0..<execs.count {
                f.line = lines[i]
                try rt.tick()
                let flow = try execs[i](f)
                if flow != .normal { return flow }
            }
            return .normal
        }
    }

    func statement(_ stmt: Stmt) throws -> Exec {
        let rt = self.rt
        let line = stmt.location.line
        switch stmt.kind {
        case .expression(let e):
            let ev = try expr(e)
            return { f in _ = try ev(f); return .normal }

        case .assign(let targets, let value):
            let v = try expr(value)
            if targets.count == 1, case .name(let n) = targets[0].kind, case .local(let i) = scope.resolve(n) {
                return { f in f.slots[i] = try v(f); return .normal }
            }
            let assigners = try targets.map { try assigner($0) }
            if assigners.count == 1 {
                let a = assigners[0]
                return { f in try a(f, try v(f)); return .normal }
            }
            return { f in
                let x = try v(f)
                for a in assigners { try a(f, x) }
                return .normal
            }

        case .annotatedAssign(let target, _, let value):
            guard let value else { return { _ in .normal } }
            let v = try expr(value)
            let a = try assigner(target)
            return { f in try a(f, try v(f)); return .normal }

        case .augmentedAssign(let target, let op, let value):
            return try augmentedAssign(target, op, value)

        case .functionDef(let def):
            let make = try function(name: def.name, parameters: def.parameters, location: stmt.location, isLambda: false) { c in
                try c.block(def.body)
            }
            let store = try assigner(Expr(.name(def.name), at: stmt.location))
            return { f in try store(f, try make(f)); return .normal }

        case .return(let e):
            guard let e else { return { f in f.returnValue = .none; return .returned } }
            let v = try expr(e)
            return { f in f.returnValue = try v(f); return .returned }

        case .if(let test, let body, let orElse):
            let c = try condition(test)
            let b = try block(body)
            if orElse.isEmpty { return { f in try c(f) ? try b(f) : .normal } }
            let o = try block(orElse)
            return { f in try c(f) ? try b(f) : try o(f) }

        case .while(let test, let body, let orElse):
            let c = try condition(test)
            let b = try block(body)
            let o = orElse.isEmpty ? nil : try block(orElse)
            return { f in
                while try c(f) {
                    try rt.tick()
                    switch try b(f) {
                    case .breakLoop: return .normal
                    case .returned: return .returned
                    default: continue
                    }
                }
                if let o { return try o(f) }
                return .normal
            }

        case .for(let target, let iterable, let body, let orElse):
            return try forLoop(target, iterable, body, orElse)

        case .break: return { _ in .breakLoop }
        case .continue: return { _ in .continueLoop }
        case .pass: return { _ in .normal }

        case .assert(let test, let message):
            let c = try condition(test)
            let m = try message.map { try expr($0) }
            return { f in
                if try !c(f) {
                    let args = try m.map { [try $0(f)] } ?? []
                    throw PyError(ExceptionObject(.assertionError, args: args))
                }
                return .normal
            }

        case .try(let body, let handlers, let orElse, let finally):
            return try tryStatement(body, handlers, orElse, finally)

        case .raise(let exception, let cause):
            let ev = try exception.map { try expr($0) }
            let cv = try cause.map { try expr($0) }
            return { f in
                guard let ev else {
                    guard let current = f.handling.last else { throw PyError(.runtimeError, "No active exception to reraise") }
                    throw PyError(current)
                }
                let v = try ev(f)
                if let cv { _ = try cv(f) }
                let exc = try rt.makeException(v)
                exc.context = f.handling.last
                throw PyError(exc)
            }

        case .delete(let targets):
            let deleters = try targets.map { try deleter($0) }
            return { f in
                for d in deleters { try d(f) }
                return .normal
            }

        case .import(let names):
            var stores: [(Frame, Value) throws -> Void] = []
            for n in names {
                guard n.name == "math" else {
                    throw Compiler.importRefusal(n.name, stmt.location)
                }
                stores.append(try assigner(Expr(.name(n.alias ?? n.name), at: stmt.location)))
            }
            return { f in
                for s in stores { try s(f, .module(MathModule.module)) }
                return .normal
            }

        case .importFrom(let module, let names):
            guard module == "math" else { throw Compiler.importRefusal(module, stmt.location) }
            var stores: [((Frame, Value) throws -> Void, Value)] = []
            for n in names {
                guard let member = MathModule.module.members[n.name] else {
                    let e = ExceptionObject(.importError, "cannot import name '\(n.name)' from 'math' (unknown location)")
                    e.traceback = [TraceFrame(function: "<module>", line: line)]
                    throw PyError(e)
                }
                stores.append((try assigner(Expr(.name(n.alias ?? n.name), at: stmt.location)), member))
            }
            return { f in
                for (s, v) in stores { try s(f, v) }
                return .normal
            }

        case .refused(let construct):
            throw Compiler.refusal(construct, stmt.location)
        }
    }

    static func importRefusal(_ name: String, _ at: SourceLocation) -> PyError {
        let e = ExceptionObject(.importError, "import of '\(name)' is not allowed in Loupe programs (only 'math' can be imported)")
        e.traceback = [TraceFrame(function: "<module>", line: at.line)]
        return PyError(e)
    }

    private func forLoop(_ target: Expr, _ iterable: Expr, _ body: [Stmt], _ orElse: [Stmt]) throws -> Exec {
        let rt = self.rt
        let it = try expr(iterable)
        let assign = try assigner(target)
        let b = try block(body)
        let o = orElse.isEmpty ? nil : try block(orElse)
        var localSlot: Int? = nil
        if case .name(let n) = target.kind, case .local(let i) = scope.resolve(n) { localSlot = i }
        return { f in
            let seq = try it(f)
            switch seq {
            case .range(let r):
                var x = r.start
                var k: Int64 = 0
                while k < r.count {
                    try rt.tick()
                    if let s = localSlot { f.slots[s] = .int(x) } else { try assign(f, .int(x)) }
                    x &+= r.step
                    k += 1
                    switch try b(f) {
                    case .breakLoop: return .normal
                    case .returned: return .returned
                    default: break
                    }
                }
            case .list(let l):
                var i = 0
                while i < l.items.count {
                    try rt.tick()
                    let v = l.items[i]
                    if let s = localSlot { f.slots[s] = v } else { try assign(f, v) }
                    i += 1
                    switch try b(f) {
                    case .breakLoop: return .normal
                    case .returned: return .returned
                    default: break
                    }
                }
            default:
                let iter = try rt.iterate(seq)
                while let v = try iter.next() {
                    try rt.tick()
                    try assign(f, v)
                    switch try b(f) {
                    case .breakLoop: return .normal
                    case .returned: return .returned
                    default: break
                    }
                }
            }
            if let o { return try o(f) }
            return .normal
        }
    }

    private func tryStatement(_ body: [Stmt], _ handlers: [ExceptHandler], _ orElse: [Stmt], _ finally: [Stmt]) throws -> Exec {
        let rt = self.rt
        let b = try block(body)
        let o = orElse.isEmpty ? nil : try block(orElse)
        struct Handler {
            let type: Eval?
            let bind: ((Frame, Value) throws -> Void)?
            let unbind: ((Frame) throws -> Void)?
            let body: Exec
            let line: Int
        }
        let hs: [Handler] = try handlers.map { h in
            Handler(type: try h.type.map { try expr($0) },
                    bind: try h.name.map { try assigner(Expr(.name($0), at: h.location)) },
                    unbind: try h.name.map { try deleter(Expr(.name($0), at: h.location), silent: true) },
                    body: try block(h.body), line: h.location.line)
        }
        let fin = finally.isEmpty ? nil : try block(finally)

        let guarded: Exec = hs.isEmpty ? { f in
            let flow = try b(f)
            if flow == .normal, let o { return try o(f) }
            return flow
        } : { f in
            let flow: Flow
            do {
                flow = try b(f)
            } catch let error as PyError {
                let exc = error.exception
                for h in hs {
                    if let t = h.type {
                        f.line = h.line
                        guard try rt.exceptionMatches(exc, try t(f)) else { continue }
                    }
                    if let bind = h.bind { try bind(f, .exception(exc)) }
                    f.handling.append(exc)
                    defer { f.handling.removeLast() }
                    do {
                        let r = try h.body(f)
                        try h.unbind?(f)
                        return r
                    } catch let inner as PyError {
                        if inner.exception !== exc && inner.exception.context == nil { inner.exception.context = exc }
                        try? h.unbind?(f)
                        throw inner
                    }
                }
                throw error
            }
            if flow == .normal, let o { return try o(f) }
            return flow
        }
        guard let fin else { return guarded }
        return { f in
            let flow: Flow
            do {
                flow = try guarded(f)
            } catch let error as PyError {
                let savedLine = f.line
                let finFlow = try fin(f)
                // A `return`/`break` in `finally` swallows the exception, as in Python.
                if finFlow != .normal { return finFlow }
                f.line = savedLine
                throw error
            }
            let finFlow = try fin(f)
            return finFlow != .normal ? finFlow : flow
        }
    }

    private func augmentedAssign(_ target: Expr, _ op: BinaryOperator, _ value: Expr) throws -> Exec {
        let rt = self.rt
        let v = try expr(value)
        switch target.kind {
        case .name(let n):
            let load = try nameLoad(n, at: target.location)
            if case .local(let i) = scope.resolve(n) {
                if op == .add {
                    return { f in
                        let a = try load(f)
                        let b = try v(f)
                        if case .int(let x) = a, case .int(let y) = b {
                            let (s, o) = x.addingReportingOverflow(y)
                            if !o { f.slots[i] = .int(s); return .normal }
                        }
                        f.slots[i] = try rt.inplace(op, a, b)
                        return .normal
                    }
                }
                return { f in
                    let a = try load(f)
                    f.slots[i] = try rt.inplace(op, a, try v(f))
                    return .normal
                }
            }
            let store = try assigner(target)
            return { f in
                let a = try load(f)
                try store(f, try rt.inplace(op, a, try v(f)))
                return .normal
            }
        case .subscript(let container, let index):
            let c = try expr(container)
            let i = try expr(index)
            return { f in
                let cv = try c(f)
                let iv = try i(f)
                let old = try getItem(cv, iv, rt)
                try rt.setItem(cv, iv, try rt.inplace(op, old, try v(f)))
                return .normal
            }
        case .attribute(let object, let name):
            let o = try expr(object)
            return { f in
                let ov = try o(f)
                let old = try rt.getAttribute(ov, name)
                try rt.setAttribute(ov, name, try rt.inplace(op, old, try v(f)))
                return .normal
            }
        default:
            throw PyError(.syntaxError, "'\(describe(target))' is an illegal expression for augmented assignment")
        }
    }

    // MARK: Assignment targets

    typealias Assigner = (Frame, Value) throws -> Void

    func assigner(_ target: Expr) throws -> Assigner {
        let rt = self.rt
        switch target.kind {
        case .name(let n):
            switch scope.resolve(n) {
            case .local(let i): return { f, v in f.slots[i] = v }
            case .cell(let i): return { f, v in f.cells[i].value = v }
            case .global:
                let g = rt.globals.slot(n)
                let table = rt.globals
                return { _, v in table.values[g] = v }
            }
        case .tuple(let items), .list(let items):
            let parts = try items.map { item -> Assigner in
                if case .starred(let inner) = item.kind { return try assigner(inner) }
                return try assigner(item)
            }
            let starIndex = items.firstIndex { if case .starred = $0.kind { return true } else { return false } }
            let n = items.count
            return { f, v in
                let values: [Value]
                switch v {
                case .tuple(let t): values = t.items
                case .list(let l): values = l.items
                default:
                    guard rt.isIterable(v) else {
                        throw PyError.typeError("cannot unpack non-iterable \(v.typeName) object")
                    }
                    values = try rt.collect(v)
                }
                if let s = starIndex {
                    guard values.count >= n - 1 else {
                        throw PyError.valueError("not enough values to unpack (expected at least \(n - 1), got \(values.count))")
                    }
                    for i in 0..<s { try parts[i](f, values[i]) }
                    let restCount = values.count - (n - 1)
                    try parts[s](f, .list(ListObject(Array(values[s..<(s + restCount)]))))
                    for i in (s + 1)..<max(n, s + 1) { try parts[i](f, values[i - 1 + restCount]) }
                } else {
                    if values.count > n { throw PyError.valueError("too many values to unpack (expected \(n))") }
                    if values.count < n { throw PyError.valueError("not enough values to unpack (expected \(n), got \(values.count))") }
                    for i in 0..<n { try parts[i](f, values[i]) }
                }
            }
        case .subscript(let container, let index):
            let c = try expr(container)
            let i = try expr(index)
            return { f, v in
                let cv = try c(f)
                let iv = try i(f)
                if case .list(let l) = cv, case .int(let k) = iv, let j = normalizeIndex(k, l.items.count) {
                    l.items[j] = v
                    return
                }
                try rt.setItem(cv, iv, v)
            }
        case .attribute(let object, let name):
            let o = try expr(object)
            return { f, v in try rt.setAttribute(try o(f), name, v) }
        case .starred:
            throw PyError(.syntaxError, "starred assignment target must be in a list or tuple")
        default:
            throw PyError(.syntaxError, "cannot assign to \(describe(target))")
        }
    }

    private func describe(_ e: Expr) -> String {
        switch e.kind {
        case .call: return "function call"
        case .constant: return "literal"
        case .binary, .unary: return "expression"
        default: return "expression"
        }
    }

    func deleter(_ target: Expr, silent: Bool = false) throws -> (Frame) throws -> Void {
        let rt = self.rt
        switch target.kind {
        case .name(let n):
            switch scope.resolve(n) {
            case .local(let i):
                return { f in
                    if f.slots[i] == nil && !silent {
                        throw PyError(.unboundLocalError, "cannot access local variable '\(n)' where it is not associated with a value")
                    }
                    f.slots[i] = nil
                }
            case .cell(let i):
                return { f in
                    if f.cells[i].value == nil && !silent {
                        throw PyError(.unboundLocalError, "cannot access local variable '\(n)' where it is not associated with a value")
                    }
                    f.cells[i].value = nil
                }
            case .global:
                let g = rt.globals.slot(n)
                let table = rt.globals
                return { _ in
                    if table.values[g] == nil && !silent { throw PyError.nameError("name '\(n)' is not defined") }
                    table.values[g] = nil
                }
            }
        case .subscript(let container, let index):
            let c = try expr(container)
            let i = try expr(index)
            return { f in try rt.deleteItem(try c(f), try i(f)) }
        case .tuple(let items), .list(let items):
            let ds = try items.map { try deleter($0) }
            return { f in for d in ds { try d(f) } }
        case .attribute(let o, let name):
            let ov = try expr(o)
            return { f in
                let v = try ov(f)
                throw PyError.attributeError("'\(v.typeName)' object attribute '\(name)' cannot be deleted")
            }
        default:
            throw PyError(.syntaxError, "cannot delete \(describe(target))")
        }
    }

    // MARK: Functions

    /// Compiles a def/lambda; returns the closure that creates the function object at run time.
    private func function(name: String, parameters: Parameters, location: SourceLocation, isLambda: Bool,
                          body: (Compiler) throws -> Exec) throws -> Eval {
        let rt = self.rt
        guard let inner = scope.child(at: location, kind: isLambda ? .lambda : .function(name)) else {
            throw PyError(.systemError, "internal error: no scope for '\(name)' at \(location)")
        }
        var layout = ParameterLayout()
        var defaultEvals: [Eval?] = []
        for p in parameters.positional {
            layout.names.append(p.name)
            defaultEvals.append(try p.defaultValue.map { try expr($0) })
        }
        layout.positionalCount = parameters.positional.count
        for p in parameters.keywordOnly {
            layout.names.append(p.name)
            defaultEvals.append(try p.defaultValue.map { try expr($0) })
        }
        if let v = parameters.varArgs { layout.hasVarArgs = true; layout.varArgsName = v.name }
        if let k = parameters.varKeywords { layout.hasVarKeywords = true; layout.varKeywordsName = k.name }
        let displayName = isLambda ? "<lambda>" : name
        let qualified = qualifier + displayName
        let code = FunctionCode(name: displayName, qualifiedName: qualified, layout: layout, scope: inner,
                                line: location.line, isLambda: isLambda)
        let compiler = Compiler(rt: rt, scope: inner, qualifier: qualified + ".<locals>.")
        code.body = try body(compiler)
        let captures = try inner.freeNames.map { n -> Int in
            guard case .cell(let j) = scope.resolve(n) else {
                throw PyError(.systemError, "internal error: free variable '\(n)' has no cell")
            }
            return j
        }
        let hasDefaults = defaultEvals.contains { $0 != nil }
        return { f in
            var defaults: [Value?] = []
            if hasDefaults {
                defaults.reserveCapacity(defaultEvals.count)
                for d in defaultEvals { defaults.append(try d.map { try $0(f) }) }
            } else {
                defaults = [Value?](repeating: nil, count: defaultEvals.count)
            }
            let cells = captures.map { f.cells[$0] }
            return .function(FunctionObject(code: code, defaults: defaults, closure: cells))
        }
    }

    // MARK: Expressions

    func nameLoad(_ n: String, at location: SourceLocation) throws -> Eval {
        switch scope.resolve(n) {
        case .local(let i):
            return { f in
                if let v = f.slots[i] { return v }
                throw PyError(.unboundLocalError, "cannot access local variable '\(n)' where it is not associated with a value")
            }
        case .cell(let i):
            let own = i < scope.cellNames.count
            return { f in
                if let v = f.cells[i].value { return v }
                if own { throw PyError(.unboundLocalError, "cannot access local variable '\(n)' where it is not associated with a value") }
                throw PyError.nameError("cannot access free variable '\(n)' where it is not associated with a value in enclosing scope")
            }
        case .global:
            let table = rt.globals
            let g = table.slot(n)
            return { _ in
                if let v = table.values[g] { return v }
                if let b = table.fallback[g] { return b }
                throw PyError.nameError("name '\(n)' is not defined")
            }
        }
    }

    /// An expression used as a condition, evaluated straight to a Bool.
    func condition(_ e: Expr) throws -> (Frame) throws -> Bool {
        switch e.kind {
        case .compare(let first, let rest) where rest.count == 1:
            let a = try expr(first)
            let b = try expr(rest[0].right)
            let op = rest[0].op
            let rt = self.rt
            switch op {
            case .less:
                return { f in
                    let x = try a(f), y = try b(f)
                    if case .int(let i) = x, case .int(let j) = y { return i < j }
                    return try rt.compare(x, op, y)
                }
            case .equal:
                return { f in
                    let x = try a(f), y = try b(f)
                    if case .int(let i) = x, case .int(let j) = y { return i == j }
                    return try rt.compare(x, op, y)
                }
            default:
                return { f in try rt.compare(try a(f), op, try b(f)) }
            }
        case .unary(.not, let inner):
            let c = try condition(inner)
            return { f in try !c(f) }
        case .boolean(.and, let xs):
            let cs = try xs.map { try condition($0) }
            return { f in
                for c in cs where try !c(f) { return false }
                return true
            }
        case .boolean(.or, let xs):
            let cs = try xs.map { try condition($0) }
            return { f in
                for c in cs where try c(f) { return true }
                return false
            }
        default:
            let v = try expr(e)
            return { f in try v(f).isTruthy }
        }
    }

    func expr(_ e: Expr) throws -> Eval {
        let rt = self.rt
        switch e.kind {
        case .name(let n):
            return try nameLoad(n, at: e.location)

        case .constant(let c):
            let v: Value
            switch c {
            case .none: v = .none
            case .bool(let b): v = .bool(b)
            case .int(let i): v = .int(i)
            case .float(let d): v = .float(d)
            case .string(let s): v = .str(s)
            case .ellipsis: v = .ellipsis
            }
            return { _ in v }

        case .formattedString(let parts):
            return try fstring(parts)

        case .unary(let op, let x):
            let v = try expr(x)
            if op == .not { return { f in .bool(!(try v(f).isTruthy)) } }
            if op == .negate, case .constant(.int(let i)) = x.kind, i != Int64.min { return { _ in .int(-i) } }
            return { f in try rt.unary(op, try v(f)) }

        case .binary(let a, let op, let b):
            return try binary(a, op, b)

        case .boolean(let op, let xs):
            let vs = try xs.map { try expr($0) }
            if op == .and {
                return { f in
                    var last: Value = .none
                    for v in vs {
                        last = try v(f)
                        if !last.isTruthy { return last }
                    }
                    return last
                }
            }
            return { f in
                var last: Value = .none
                for v in vs {
                    last = try v(f)
                    if last.isTruthy { return last }
                }
                return last
            }

        case .compare(let first, let rest):
            if rest.count == 1 {
                let c = try condition(e)
                return { f in .bool(try c(f)) }
            }
            let a = try expr(first)
            let rights = try rest.map { try expr($0.right) }
            let ops = rest.map { $0.op }
            return { f in
                var left = try a(f)
                for i in 0..<ops.count {
                    let right = try rights[i](f)
                    if try !rt.compare(left, ops[i], right) { return .false }
                    left = right
                }
                return .true
            }

        case .conditional(let test, let body, let orElse):
            let c = try condition(test)
            let b = try expr(body)
            let o = try expr(orElse)
            return { f in try c(f) ? try b(f) : try o(f) }

        case .namedExpr(let name, let value):
            let v = try expr(value)
            let store = try assigner(Expr(.name(name), at: e.location))
            return { f in
                let x = try v(f)
                try store(f, x)
                return x
            }

        case .call(let callee, let args):
            return try call(callee, args, e.location)

        case .attribute(let object, let name):
            let o = try expr(object)
            let line = e.location.line
            return { f in try rt.getAttribute(try o(f), name, line: line) }

        case .subscript(let container, let index):
            let c = try expr(container)
            let i = try expr(index)
            return { f in
                let cv = try c(f)
                let iv = try i(f)
                if case .list(let l) = cv, case .int(let k) = iv, let j = normalizeIndex(k, l.items.count) {
                    return l.items[j]
                }
                return try getItem(cv, iv, rt)
            }

        case .slice(let lower, let upper, let step):
            let l = try lower.map { try expr($0) }
            let u = try upper.map { try expr($0) }
            let s = try step.map { try expr($0) }
            return { f in
                .slice(SliceObject(lower: try l?(f) ?? .none, upper: try u?(f) ?? .none, step: try s?(f) ?? .none))
            }

        case .list(let items):
            let build = try sequenceBuilder(items)
            return { f in .list(ListObject(try build(f))) }
        case .tuple(let items):
            if items.isEmpty { return { _ in .tuple(TupleObject.empty) } }
            let build = try sequenceBuilder(items)
            return { f in .tuple(TupleObject(try build(f))) }
        case .set(let items):
            let build = try sequenceBuilder(items)
            return { f in
                let s = SetObject()
                for v in try build(f) {
                    try checkHashable(v)
                    s.add(v)
                }
                return .set(s)
            }
        case .dict(let entries):
            let parts = try entries.map { (try $0.key.map { try expr($0) }, try expr($0.value)) }
            return { f in
                let d = DictObject()
                for (k, v) in parts {
                    if let k {
                        let key = try k(f)
                        try checkHashable(key)
                        d.set(key, try v(f))
                    } else {
                        let m = try v(f)
                        guard case .dict(let other) = m else {
                            throw PyError.typeError("'\(m.typeName)' object is not a mapping")
                        }
                        for (ok, ov) in other.entries { d.set(ok, ov) }
                    }
                }
                try rt.checkSize(d.count)
                try rt.account(d.count)
                return .dict(d)
            }

        case .starred:
            throw PyError(.syntaxError, "can't use starred expression here (line \(e.location.line))")

        case .lambda(let params, let body):
            return try function(name: "<lambda>", parameters: params, location: e.location, isLambda: true) { c in
                let v = try c.expr(body)
                return { f in
                    f.returnValue = try v(f)
                    return .returned
                }
            }

        case .listComprehension(let elt, let gens):
            return try comprehension(gens, e.location, kind: .list) { c in
                let v = try c.expr(elt)
                return { f in
                    guard case .list(let l) = f.returnValue else { return }
                    l.items.append(try v(f))
                    try rt.account(1)
                    if l.items.count & 0xFFFF == 0 { try rt.checkSize(l.items.count) }
                }
            }
        case .setComprehension(let elt, let gens):
            return try comprehension(gens, e.location, kind: .set) { c in
                let v = try c.expr(elt)
                return { f in
                    guard case .set(let s) = f.returnValue else { return }
                    let x = try v(f)
                    try checkHashable(x)
                    s.add(x)
                    try rt.account(1)
                    if s.count & 0xFFFF == 0 { try rt.checkSize(s.count) }
                }
            }
        case .dictComprehension(let key, let value, let gens):
            return try comprehension(gens, e.location, kind: .dict) { c in
                let k = try c.expr(key)
                let v = try c.expr(value)
                return { f in
                    guard case .dict(let d) = f.returnValue else { return }
                    let kv = try k(f)
                    try checkHashable(kv)
                    d.set(kv, try v(f))
                    try rt.account(1)
                    if d.count & 0xFFFF == 0 { try rt.checkSize(d.count) }
                }
            }
        case .generator(let elt, let gens):
            return try generator(elt, gens, e.location)

        case .refused(let construct):
            throw Compiler.refusal(construct, e.location)
        }
    }

    private func binary(_ a: Expr, _ op: BinaryOperator, _ b: Expr) throws -> Eval {
        let rt = self.rt
        let l = try expr(a)
        if case .constant(.int(let k)) = b.kind {
            switch op {
            case .add:
                return { f in
                    let x = try l(f)
                    if case .int(let i) = x { let (s, o) = i.addingReportingOverflow(k); if !o { return .int(s) } }
                    return try rt.binary(op, x, .int(k))
                }
            case .subtract:
                return { f in
                    let x = try l(f)
                    if case .int(let i) = x { let (s, o) = i.subtractingReportingOverflow(k); if !o { return .int(s) } }
                    return try rt.binary(op, x, .int(k))
                }
            case .modulo where k > 0:
                return { f in
                    let x = try l(f)
                    if case .int(let i) = x { let r = i % k; return .int(r < 0 ? r + k : r) }
                    return try rt.binary(op, x, .int(k))
                }
            default: break
            }
        }
        let r = try expr(b)
        switch op {
        case .add:
            return { f in
                let x = try l(f), y = try r(f)
                if case .int(let i) = x, case .int(let j) = y { let (s, o) = i.addingReportingOverflow(j); if !o { return .int(s) } }
                if case .float(let i) = x, case .float(let j) = y { return .float(i + j) }
                return try rt.binary(op, x, y)
            }
        case .subtract:
            return { f in
                let x = try l(f), y = try r(f)
                if case .int(let i) = x, case .int(let j) = y { let (s, o) = i.subtractingReportingOverflow(j); if !o { return .int(s) } }
                if case .float(let i) = x, case .float(let j) = y { return .float(i - j) }
                return try rt.binary(op, x, y)
            }
        case .multiply:
            return { f in
                let x = try l(f), y = try r(f)
                if case .int(let i) = x, case .int(let j) = y { let (s, o) = i.multipliedReportingOverflow(by: j); if !o { return .int(s) } }
                if case .float(let i) = x, case .float(let j) = y { return .float(i * j) }
                return try rt.binary(op, x, y)
            }
        default:
            return { f in try rt.binary(op, try l(f), try r(f)) }
        }
    }

    /// Items of a list/tuple/set display, expanding `*x` entries.
    private func sequenceBuilder(_ items: [Expr]) throws -> (Frame) throws -> [Value] {
        let rt = self.rt
        let hasStar = items.contains { if case .starred = $0.kind { return true } else { return false } }
        if !hasStar {
            let evs = try items.map { try expr($0) }
            let n = evs.count
            return { f in
                var out: [Value] = []
                out.reserveCapacity(n)
                for ev in evs { out.append(try ev(f)) }
                try rt.account(n)
                return out
            }
        }
        let parts: [(Bool, Eval)] = try items.map { item in
            if case .starred(let inner) = item.kind { return (true, try expr(inner)) }
            return (false, try expr(item))
        }
        return { f in
            var out: [Value] = []
            for (star, ev) in parts {
                if star { out.append(contentsOf: try rt.collect(try ev(f))) } else { out.append(try ev(f)) }
            }
            try rt.checkSize(out.count)
            try rt.account(out.count)
            return out
        }
    }

    // MARK: Calls

    private func call(_ callee: Expr, _ args: [Argument], _ location: SourceLocation) throws -> Eval {
        let rt = self.rt
        let line = location.line
        let simple = args.allSatisfy { if case .positional = $0 { return true } else { return false } }
        var positional: [Eval] = []
        if simple {
            for a in args { if case .positional(let x) = a { positional.append(try expr(x)) } }
        }
        let general = simple ? nil : try argumentBuilder(args)
        let n = positional.count

        // `obj.method(...)`: dispatch without creating a bound-method object.
        if case .attribute(let object, let name) = callee.kind {
            let o = try expr(object)
            let method = BuiltinMethod(rawValue: name)
            if let general {
                return { f in
                    let ov = try o(f)
                    let (a, k) = try general(f)
                    rt.callLine = line
                    return try rt.callMethodValue(ov, name, method, a, k, line: line)
                }
            }
            if n == 1 {
                let a0 = positional[0]
                return { f in
                    let ov = try o(f)
                    let x = try a0(f)
                    if method == .append, case .list(let l) = ov {
                        l.items.append(x)
                        try rt.account(1)
                        if l.items.count & 0xFFFF == 0 { try rt.checkSize(l.items.count) }
                        return .none
                    }
                    rt.callLine = line
                    return try rt.callMethodValue(ov, name, method, [x], [], line: line)
                }
            }
            return { f in
                let ov = try o(f)
                var a: [Value] = []
                a.reserveCapacity(n)
                for p in positional { a.append(try p(f)) }
                rt.callLine = line
                return try rt.callMethodValue(ov, name, method, a, [], line: line)
            }
        }

        let c = try expr(callee)
        if let general {
            return { f in
                let cv = try c(f)
                let (a, k) = try general(f)
                rt.callLine = line
                return try rt.call(cv, a, k, line: line)
            }
        }
        return { f in
            let cv = try c(f)
            if case .function(let fn) = cv, fn.code.layout.isSimple {
                let pc = fn.code.layout.positionalCount
                if pc == n || (n < pc && fn.defaults[n] != nil) {
                    let frame = rt.makeFrame(fn)
                    let targets = fn.code.parameterTargets
                    for i in 0..<n { rt.store(frame, targets[i], try positional[i](f)) }
                    for i in n..<pc { rt.store(frame, targets[i], fn.defaults[i]!) }
                    return try rt.run(fn, frame)
                }
            }
            var a: [Value] = []
            a.reserveCapacity(n)
            for p in positional { a.append(try p(f)) }
            rt.callLine = line
            return try rt.call(cv, a, [], line: line)
        }
    }

    private func argumentBuilder(_ args: [Argument]) throws -> (Frame) throws -> ([Value], [(String, Value)]) {
        let rt = self.rt
        enum Part { case positional(Eval), star(Eval), keyword(String, Eval), doubleStar(Eval) }
        let parts: [Part] = try args.map { a in
            switch a {
            case .positional(let x): return .positional(try expr(x))
            case .unpack(let x): return .star(try expr(x))
            case .keyword(let name, let x, _): return .keyword(name, try expr(x))
            case .unpackKeywords(let x): return .doubleStar(try expr(x))
            }
        }
        return { f in
            var positional: [Value] = []
            var keywords: [(String, Value)] = []
            for p in parts {
                switch p {
                case .positional(let ev): positional.append(try ev(f))
                case .star(let ev): positional.append(contentsOf: try rt.collect(try ev(f)))
                case .keyword(let name, let ev):
                    if keywords.contains(where: { $0.0 == name }) {
                        throw PyError.typeError("keyword argument repeated: \(name)")
                    }
                    keywords.append((name, try ev(f)))
                case .doubleStar(let ev):
                    let m = try ev(f)
                    guard case .dict(let d) = m else {
                        throw PyError.typeError("argument after ** must be a mapping, not \(m.typeName)")
                    }
                    for (k, v) in d.entries {
                        guard case .str(let ks) = k else { throw PyError.typeError("keywords must be strings") }
                        if keywords.contains(where: { $0.0 == ks }) {
                            throw PyError.typeError("got multiple values for keyword argument '\(ks)'")
                        }
                        keywords.append((ks, v))
                    }
                }
            }
            return (positional, keywords)
        }
    }

    // MARK: Comprehensions

    enum ComprehensionKind { case list, set, dict }

    /// Compiles the `for ... if ...` clauses of a comprehension in its own scope.
    private func comprehension(_ gens: [Comprehension], _ location: SourceLocation, kind: ComprehensionKind,
                               emit: (Compiler) throws -> (Frame) throws -> Void) throws -> Eval {
        let rt = self.rt
        guard let inner = scope.child(at: location, kind: .comprehension) else {
            throw PyError(.systemError, "internal error: no scope for comprehension at \(location)")
        }
        let first = try expr(gens[0].iterable)
        let c = Compiler(rt: rt, scope: inner, qualifier: qualifier)
        var body = try emit(c)
        var firstLoop: ((Frame, Value) throws -> Void)!
        for level in gens.indices.reversed() {
            let g = gens[level]
            let assign = try c.assigner(g.target)
            let conditions = try g.conditions.map { try c.condition($0) }
            let next = body
            let loop: (Frame, Value) throws -> Void = { cf, iterable in
                try rt.forEach(iterable) { v in
                    try assign(cf, v)
                    for cond in conditions where try !cond(cf) { return }
                    try next(cf)
                }
            }
            if level == 0 {
                firstLoop = loop
            } else {
                let iterable = try c.expr(g.iterable)
                body = { cf in try loop(cf, try iterable(cf)) }
            }
        }
        let loop = firstLoop!
        let captures = try inner.freeNames.map { n -> Int in
            guard case .cell(let j) = scope.resolve(n) else {
                throw PyError(.systemError, "internal error: free variable '\(n)' has no cell")
            }
            return j
        }
        let slotCount = inner.slotNames.count
        let ownCells = inner.cellNames.count
        let name = kind == .list ? "<listcomp>" : (kind == .set ? "<setcomp>" : "<dictcomp>")
        return { f in
            let iterable = try first(f)
            var cells: [Cell] = []
            if ownCells > 0 || !captures.isEmpty {
                for _ in 0..<ownCells { cells.append(Cell()) }
                for j in captures { cells.append(f.cells[j]) }
            }
            let cf = Frame(slotCount: slotCount, cells: cells, name: name)
            switch kind {
            case .list: cf.returnValue = .list(ListObject())
            case .set: cf.returnValue = .set(SetObject())
            case .dict: cf.returnValue = .dict(DictObject())
            }
            try loop(cf, iterable)
            return cf.returnValue
        }
    }

    private func generator(_ elt: Expr, _ gens: [Comprehension], _ location: SourceLocation) throws -> Eval {
        let rt = self.rt
        guard let inner = scope.child(at: location, kind: .comprehension) else {
            throw PyError(.systemError, "internal error: no scope for generator at \(location)")
        }
        let first = try expr(gens[0].iterable)
        let c = Compiler(rt: rt, scope: inner, qualifier: qualifier)
        let levels: [GeneratorIterator.Level] = try gens.enumerated().map { (i, g) in
            GeneratorIterator.Level(iterable: i == 0 ? nil : try c.expr(g.iterable),
                                    assign: try c.assigner(g.target),
                                    conditions: try g.conditions.map { try c.condition($0) })
        }
        let element = try c.expr(elt)
        let captures = try inner.freeNames.map { n -> Int in
            guard case .cell(let j) = scope.resolve(n) else {
                throw PyError(.systemError, "internal error: free variable '\(n)' has no cell")
            }
            return j
        }
        let slotCount = inner.slotNames.count
        let ownCells = inner.cellNames.count
        return { f in
            let iterable = try first(f)
            var cells: [Cell] = []
            for _ in 0..<ownCells { cells.append(Cell()) }
            for j in captures { cells.append(f.cells[j]) }
            let cf = Frame(slotCount: slotCount, cells: cells, name: "<genexpr>")
            return .iterator(GeneratorIterator(rt: rt, frame: cf, first: try rt.iterate(iterable), levels: levels, element: element))
        }
    }

    // MARK: f-strings

    private func fstring(_ parts: [FStringPart]) throws -> Eval {
        let rt = self.rt
        enum Piece { case text(String), field(Eval, Character?, Eval?, String?) }
        let pieces: [Piece] = try parts.map { p in
            switch p {
            case .literal(let s): return .text(s)
            case .field(let value, let conversion, let spec, let selfDoc):
                return .field(try expr(value), conversion, try spec.map { try fstring($0) }, selfDoc)
            }
        }
        return { f in
            var out = ""
            for p in pieces {
                switch p {
                case .text(let s): out += s
                case .field(let ev, let conversion, let specEval, let selfDoc):
                    var v = try ev(f)
                    if let selfDoc { out += selfDoc }
                    let specText: String
                    if let specEval, case .str(let s) = try specEval(f) { specText = s } else { specText = "" }
                    switch conversion {
                    case "r", "a": v = .str(try reprString(v, rt))
                    case "s": v = .str(try strString(v, rt))
                    default:
                        if selfDoc != nil && specEval == nil { v = .str(try reprString(v, rt)) }
                    }
                    out += try formatValue(v, specText, rt)
                    try rt.checkStringSize(out.utf8.count)
                }
            }
            return .str(out)
        }
    }
}

/// A generator expression: produces its items one at a time, so `any(f(x) for x in xs)` stops
/// calling `f` at the first true result exactly as CPython does.
final class GeneratorIterator: IteratorObject {
    struct Level {
        let iterable: Eval?
        let assign: Compiler.Assigner
        let conditions: [(Frame) throws -> Bool]
    }
    let rt: Runtime
    let frame: Frame
    let levels: [Level]
    let element: Eval
    var stack: [IteratorObject]
    var running = false

    init(rt: Runtime, frame: Frame, first: IteratorObject, levels: [Level], element: @escaping Eval) {
        self.rt = rt
        self.frame = frame
        self.levels = levels
        self.element = element
        self.stack = [first]
    }

    override var typeName: String { "generator" }

    override func next() throws -> Value? {
        if running { throw PyError.valueError("generator already executing") }
        running = true
        defer { running = false }
        outer: while let top = stack.last {
            let level = stack.count - 1
            guard let v = try top.next() else {
                stack.removeLast()
                continue
            }
            try rt.tick()
            let l = levels[level]
            try l.assign(frame, v)
            for c in l.conditions where try !c(frame) { continue outer }
            if level == levels.count - 1 { return try element(frame) }
            stack.append(try rt.iterate(try levels[level + 1].iterable!(frame)))
        }
        return nil
    }
}
