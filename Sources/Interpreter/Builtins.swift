// Python's built-in functions and type constructors (`int("3")`, `list(x)`, ...), with CPython's
// results and error messages.
import Foundation

enum Builtins {
    typealias Body = (Runtime, [Value], [(String, Value)]) throws -> Value

    static let functionNames: [String] = table.map(\.0)

    /// Builtins CPython has that Loupe programs may not use; calling one raises a clear error.
    static let refusedNames: [String] = [
        "open", "eval", "exec", "compile", "__import__", "input", "globals", "locals", "vars", "dir",
        "setattr", "delattr", "breakpoint", "exit", "quit", "help", "memoryview", "bytearray", "bytes",
        "object", "super", "classmethod", "staticmethod", "property", "__build_class__",
    ]

    static func value(named name: String) -> Value? {
        if let t = TypeObject.builtinTypes.first(where: { $0.name == name }), t !== TypeObject.object { return .type(t) }
        if let t = TypeObject.exceptionTypes.first(where: { $0.name == name }) { return .type(t) }
        if let f = functions[name] { return .builtin(f) }
        if refusedNames.contains(name) {
            return .builtin(BuiltinFunction(name) { _, _, _ in
                throw PyError(.nameError, "'\(name)' is not available in Loupe programs (programs cannot reach files, processes or the interpreter itself)")
            })
        }
        return nil
    }

    nonisolated(unsafe) private static let functions: [String: BuiltinFunction] = {
        var d: [String: BuiltinFunction] = [:]
        for (name, body) in table { d[name] = BuiltinFunction(name, body) }
        return d
    }()

    private static func noKw(_ name: String, _ kw: [(String, Value)]) throws {
        if !kw.isEmpty { throw PyError.typeError("\(name)() takes no keyword arguments") }
    }

    private static func count(_ name: String, _ args: [Value], _ lo: Int, _ hi: Int) throws {
        if lo == hi && args.count != lo {
            if lo == 1 { throw PyError.typeError("\(name)() takes exactly one argument (\(args.count) given)") }
            throw PyError.typeError("\(name) expected \(lo) arguments, got \(args.count)")
        }
        if args.count < lo { throw PyError.typeError("\(name) expected at least \(lo) argument\(lo == 1 ? "" : "s"), got \(args.count)") }
        if args.count > hi { throw PyError.typeError("\(name) expected at most \(hi) argument\(hi == 1 ? "" : "s"), got \(args.count)") }
    }

    static func asIndex(_ v: Value) throws -> Int64 {
        guard let i = v.intValue else { throw PyError.typeError("'\(v.typeName)' object cannot be interpreted as an integer") }
        return i
    }

    nonisolated(unsafe) private static let table: [(String, Body)] = [
        ("print", { rt, args, kw in
            var sep = " ", end = "\n"
            for (k, v) in kw {
                switch k {
                case "sep", "end":
                    var s: String
                    switch v {
                    case .none: s = k == "sep" ? " " : "\n"
                    case .str(let x): s = x
                    default: throw PyError.typeError("\(k) must be None or a string, not \(v.typeName)")
                    }
                    if k == "sep" { sep = s } else { end = s }
                    _ = s
                case "flush": break
                case "file": throw PyError.typeError("print(file=...) is not supported in Loupe programs")
                default: throw PyError.typeError("'\(k)' is an invalid keyword argument for print()")
                }
            }
            var out = ""
            for (i, a) in args.enumerated() {
                if i > 0 { out += sep }
                out += try strString(a, rt)
                try rt.checkStringSize(out.utf8.count)
            }
            out += end
            try rt.write(out)
            return .none
        }),
        ("len", { rt, args, kw in
            try noKw("len", kw); try count("len", args, 1, 1)
            return .int(Int64(try rt.length(args[0])))
        }),
        ("repr", { rt, args, kw in
            try noKw("repr", kw); try count("repr", args, 1, 1)
            return .str(try reprString(args[0], rt))
        }),
        ("abs", { rt, args, kw in
            try noKw("abs", kw); try count("abs", args, 1, 1)
            switch args[0] {
            case .int(let i):
                if i == Int64.min { throw PyError.overflow() }
                return .int(abs(i))
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d): return .float(abs(d))
            default: throw PyError.typeError("bad operand type for abs(): '\(args[0].typeName)'")
            }
        }),
        ("round", { rt, args, kw in
            var a = args
            for (k, v) in kw {
                if k == "ndigits" { a.append(v) } else { throw PyError.typeError("round() got an unexpected keyword argument '\(k)'") }
            }
            if a.isEmpty { throw PyError.typeError("round() missing required argument 'number' (pos 1)") }
            if a.count > 2 { throw PyError.typeError("round() takes at most 2 arguments (\(a.count) given)") }
            return try pyRound(a[0], a.count > 1 ? a[1] : .none)
        }),
        ("min", { rt, args, kw in try rt.minMax("min", args, kw, .less) }),
        ("max", { rt, args, kw in try rt.minMax("max", args, kw, .greater) }),
        ("sum", { rt, args, kw in
            var start: Value = .int(0)
            for (k, v) in kw { if k == "start" { start = v } else { throw PyError.typeError("sum() got an unexpected keyword argument '\(k)'") } }
            try count("sum", args, 1, 2)
            if args.count > 1 { start = args[1] }
            if case .str = start { throw PyError.typeError("sum() can't sum strings [use ''.join(seq) instead]") }
            var total = start
            try rt.forEach(args[0]) { x in
                if case .int(let a) = total, case .int(let b) = x {
                    let (s, o) = a.addingReportingOverflow(b)
                    if o { throw PyError.overflow() }
                    total = .int(s)
                } else if case .float(let a) = total, case .float(let b) = x {
                    total = .float(a + b)
                } else {
                    total = try rt.binary(.add, total, x)
                }
            }
            return total
        }),
        ("any", { rt, args, kw in
            try noKw("any", kw); try count("any", args, 1, 1)
            let it = try rt.iterate(args[0])
            while let x = try it.next() {
                try rt.tick()
                if x.isTruthy { return .true }
            }
            return .false
        }),
        ("all", { rt, args, kw in
            try noKw("all", kw); try count("all", args, 1, 1)
            let it = try rt.iterate(args[0])
            while let x = try it.next() {
                try rt.tick()
                if !x.isTruthy { return .false }
            }
            return .true
        }),
        ("sorted", { rt, args, kw in
            try count("sorted", args, 1, 1)
            var key: Value = .none
            var reverse = false
            for (k, v) in kw {
                switch k {
                case "key": key = v
                case "reverse": reverse = v.isTruthy
                default: throw PyError.typeError("'\(k)' is an invalid keyword argument for sort()")
                }
            }
            var items = try rt.collect(args[0])
            try rt.account(items.count)
            try rt.sortValues(&items, key: key, reverse: reverse)
            return .list(ListObject(items))
        }),
        ("reversed", { rt, args, kw in
            try noKw("reversed", kw); try count("reversed", args, 1, 1)
            let items: [Value]
            switch args[0] {
            case .list(let l):
                var i = l.items.count - 1
                return .iterator(ClosureIterator("list_reverseiterator") {
                    guard i >= 0, i < l.items.count else { return nil }
                    defer { i -= 1 }
                    return l.items[i]
                })
            case .tuple, .str, .range: items = try rt.collect(args[0])
            case .dict(let d): items = d.orderedKeys
            case .iterator(let v as DictView): items = v.items
            default: throw PyError.typeError("'\(args[0].typeName)' object is not reversible")
            }
            return .iterator(ArrayIterator(items.reversed(), "reversed"))
        }),
        ("enumerate", { rt, args, kw in
            var start: Int64 = 0
            var a = args
            for (k, v) in kw {
                if k == "start" { start = try asIndex(v) } else if k == "iterable" { a.insert(v, at: 0) } else {
                    throw PyError.typeError("'\(k)' is an invalid keyword argument for enumerate()")
                }
            }
            try count("enumerate", a, 1, 2)
            if a.count > 1 { start = try asIndex(a[1]) }
            let it = try rt.iterate(a[0])
            var i = start
            return .iterator(ClosureIterator("enumerate") {
                guard let x = try it.next() else { return nil }
                defer { i &+= 1 }
                return .tuple(TupleObject([.int(i), x]))
            })
        }),
        ("zip", { rt, args, kw in
            var strict = false
            for (k, v) in kw { if k == "strict" { strict = v.isTruthy } else { throw PyError.typeError("zip() got an unexpected keyword argument '\(k)'") } }
            let its = try args.map { try rt.iterate($0) }
            if its.isEmpty { return .iterator(ClosureIterator("zip") { nil }) }
            return .iterator(ClosureIterator("zip") {
                var items: [Value] = []
                items.reserveCapacity(its.count)
                for (n, it) in its.enumerated() {
                    guard let x = try it.next() else {
                        if strict {
                            if n > 0 { throw PyError.valueError("zip() argument \(n + 1) is shorter than argument\(n == 1 ? "" : "s") 1\(n == 1 ? "" : "-\(n)")") }
                            for (m, other) in its.enumerated().dropFirst() where try other.next() != nil {
                                throw PyError.valueError("zip() argument \(m + 1) is longer than argument\(m == 1 ? "" : "s") 1\(m == 1 ? "" : "-\(m)")")
                            }
                        }
                        return nil
                    }
                    items.append(x)
                }
                return .tuple(TupleObject(items))
            })
        }),
        ("map", { rt, args, kw in
            try noKw("map", kw)
            if args.count < 2 { throw PyError.typeError("map() must have at least two arguments.") }
            let f = args[0]
            let its = try args.dropFirst().map { try rt.iterate($0) }
            return .iterator(ClosureIterator("map") {
                var xs: [Value] = []
                for it in its {
                    guard let x = try it.next() else { return nil }
                    xs.append(x)
                }
                return try rt.call(f, xs)
            })
        }),
        ("filter", { rt, args, kw in
            try noKw("filter", kw); try count("filter", args, 2, 2)
            let f = args[0]
            let it = try rt.iterate(args[1])
            return .iterator(ClosureIterator("filter") {
                while let x = try it.next() {
                    let keep = f.isNone ? x.isTruthy : try rt.call(f, [x]).isTruthy
                    if keep { return x }
                }
                return nil
            })
        }),
        ("iter", { rt, args, kw in
            try noKw("iter", kw); try count("iter", args, 1, 1)
            if case .iterator(let v as DictView) = args[0] { return .iterator(v.fresh()) }
            return .iterator(try rt.iterate(args[0]))
        }),
        ("next", { rt, args, kw in
            try noKw("next", kw); try count("next", args, 1, 2)
            guard case .iterator(let it) = args[0], !(it is DictView) else {
                throw PyError.typeError("'\(args[0].typeName)' object is not an iterator")
            }
            if let x = try it.next() { return x }
            if args.count > 1 { return args[1] }
            throw PyError(ExceptionObject(.stopIteration, args: []))
        }),
        ("isinstance", { rt, args, kw in
            try noKw("isinstance", kw); try count("isinstance", args, 2, 2)
            return .bool(try isInstance(args[0], args[1]))
        }),
        ("issubclass", { rt, args, kw in
            try noKw("issubclass", kw); try count("issubclass", args, 2, 2)
            guard case .type(let t) = args[0] else { throw PyError.typeError("issubclass() arg 1 must be a class") }
            func check(_ spec: Value) throws -> Bool {
                switch spec {
                case .type(let u): return t.isSubtype(of: u)
                case .tuple(let tt): return try tt.items.contains { try check($0) }
                default: throw PyError.typeError("issubclass() arg 2 must be a class, a tuple of classes, or a union")
                }
            }
            return .bool(try check(args[1]))
        }),
        ("hash", { rt, args, kw in
            try noKw("hash", kw); try count("hash", args, 1, 1)
            try checkHashable(args[0])
            return .int(pythonHash(args[0]))
        }),
        ("divmod", { rt, args, kw in
            try noKw("divmod", kw); try count("divmod", args, 2, 2)
            let q = try rt.binary(.floorDivide, args[0], args[1])
            let r = try rt.binary(.modulo, args[0], args[1])
            return .tuple(TupleObject([q, r]))
        }),
        ("pow", { rt, args, kw in
            var a = args
            for (k, v) in kw {
                switch k {
                case "base": a.insert(v, at: 0)
                case "exp": a.insert(v, at: min(1, a.count))
                case "mod": a.append(v)
                default: throw PyError.typeError("pow() got an unexpected keyword argument '\(k)'")
                }
            }
            try count("pow", a, 2, 3)
            if a.count == 3, !a[2].isNone {
                guard let b = a[0].intValue, let e = a[1].intValue, let m = a[2].intValue else {
                    throw PyError.typeError("pow() 3rd argument not allowed unless all arguments are integers")
                }
                if m == 0 { throw PyError.valueError("pow() 3rd argument cannot be 0") }
                if e < 0 { throw PyError.valueError("pow() negative exponent with modulus is not supported in Loupe") }
                return .int(modPow(b, e, m))
            }
            return try rt.binary(.power, a[0], a[1])
        }),
        ("chr", { rt, args, kw in
            try noKw("chr", kw); try count("chr", args, 1, 1)
            let i = try asIndex(args[0])
            guard i >= 0, i < 0x110000 else { throw PyError.valueError("chr() arg not in range(0x110000)") }
            guard let u = Unicode.Scalar(UInt32(i)) else { return .str("\u{FFFD}") }
            return .str(String(u))
        }),
        ("ord", { rt, args, kw in
            try noKw("ord", kw); try count("ord", args, 1, 1)
            guard case .str(let s) = args[0] else {
                throw PyError.typeError("ord() expected string of length 1, but \(args[0].typeName) found")
            }
            let us = s.unicodeScalars
            guard us.count == 1 else { throw PyError.typeError("ord() expected a character, but string of length \(us.count) found") }
            return .int(Int64(us.first!.value))
        }),
        ("callable", { rt, args, kw in
            try noKw("callable", kw); try count("callable", args, 1, 1)
            switch args[0] {
            case .function, .builtin, .boundMethod, .type: return .true
            default: return .false
            }
        }),
        ("id", { rt, args, kw in
            try noKw("id", kw); try count("id", args, 1, 1)
            if let o = args[0].objectIdentity { return .int(Int64(truncatingIfNeeded: o.hashValue)) }
            return .int(pythonHash(args[0]))
        }),
        ("format", { rt, args, kw in
            try noKw("format", kw); try count("format", args, 1, 2)
            var spec = ""
            if args.count > 1 {
                guard case .str(let s) = args[1] else { throw PyError.typeError("format() argument 2 must be str, not \(args[1].typeName)") }
                spec = s
            }
            return .str(try formatValue(args[0], spec, rt))
        }),
        ("bin", { rt, args, kw in try radix(args, kw, "bin", 2, "0b") }),
        ("oct", { rt, args, kw in try radix(args, kw, "oct", 8, "0o") }),
        ("hex", { rt, args, kw in try radix(args, kw, "hex", 16, "0x") }),
        ("getattr", { rt, args, kw in
            try noKw("getattr", kw); try count("getattr", args, 2, 3)
            guard case .str(let name) = args[1] else { throw PyError.typeError("attribute name must be string, not '\(args[1].typeName)'") }
            do { return try rt.getAttribute(args[0], name) } catch let e as PyError where e.exception.type === TypeObject.attributeError && args.count == 3 && !name.hasPrefix("_") {
                return args[2]
            }
        }),
        ("hasattr", { rt, args, kw in
            try noKw("hasattr", kw); try count("hasattr", args, 2, 2)
            guard case .str(let name) = args[1] else { throw PyError.typeError("attribute name must be string, not '\(args[1].typeName)'") }
            if name.hasPrefix("_") { _ = try rt.getAttribute(args[0], name) }
            do { _ = try rt.getAttribute(args[0], name); return .true } catch let e as PyError where e.exception.type === TypeObject.attributeError { return .false }
        }),
    ]

    private static func radix(_ args: [Value], _ kw: [(String, Value)], _ name: String, _ base: Int, _ prefix: String) throws -> Value {
        try noKw(name, kw); try count(name, args, 1, 1)
        let i = try asIndex(args[0])
        return .str((i < 0 ? "-" : "") + prefix + String(i.magnitude, radix: base))
    }

    static func modPow(_ base: Int64, _ exp: Int64, _ mod: Int64) -> Int64 {
        func mulmod(_ a: Int64, _ b: Int64, _ m: Int64) -> Int64 {
            let p = a.multipliedFullWidth(by: b)
            let r = m.dividingFullWidth(p).remainder
            return r
        }
        var result: Int64 = 1 % mod
        var b = base % mod
        var e = exp
        while e > 0 {
            if e & 1 == 1 { result = mulmod(result, b, mod) }
            b = mulmod(b, b, mod)
            e >>= 1
        }
        if result != 0 && ((result < 0) != (mod < 0)) { result += mod }
        return result
    }

    static func isInstance(_ v: Value, _ spec: Value) throws -> Bool {
        switch spec {
        case .type(let t): return typeOf(v).isSubtype(of: t)
        case .tuple(let tt): return try tt.items.contains { try isInstance(v, $0) }
        default: throw PyError.typeError("isinstance() arg 2 must be a type, a tuple of types, or a union")
        }
    }

    static func typeOf(_ v: Value) -> TypeObject {
        switch v {
        case .none: return .noneType
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .str: return .str
        case .list: return .list
        case .tuple: return .tuple
        case .dict: return .dict
        case .set(let s): return s.frozen ? .frozenset : .set
        case .range: return .range
        case .function: return .function
        case .builtin, .boundMethod: return .builtinFunction
        case .exception(let e): return e.type
        case .type: return .type
        case .module: return .module
        case .slice: return .slice
        case .host(let h): return h.type.typeObject
        case .iterator(let it): return TypeObject(it.typeName, .iterator)
        case .ellipsis: return TypeObject("ellipsis", .object)
        }
    }
}

/// `round(x, ndigits)` with CPython's round-half-to-even on the exact binary value.
func pyRound(_ x: Value, _ nd: Value) throws -> Value {
    switch x {
    case .int, .bool:
        let i = x.intValue!
        guard let n = nd.intValue else { return .int(i) }
        if n >= 0 { return .int(i) }
        if n < -18 { return .int(0) }
        let p = try intPow(10, -n)
        let q = try floorDiv(i, p)
        let r = i - q * p
        var rounded = q
        if r * 2 > p || (r * 2 == p && q % 2 != 0) { rounded += 1 }
        let (v, o) = rounded.multipliedReportingOverflow(by: p)
        if o { throw PyError.overflow() }
        return .int(v)
    case .float(let d):
        guard case .none = nd else {
            guard let n = nd.intValue else { throw PyError.typeError("'\(nd.typeName)' object cannot be interpreted as an integer") }
            if !d.isFinite { return .float(d) }
            if n > 308 { return .float(d) }
            if n >= 0 {
                let s = cFormat("%.\(n)f", d)
                return .float(Double(s) ?? d)
            }
            if n < -308 { return .float(0 * d) }
            let p = pow(10.0, Double(-n))
            let y = (d / p).rounded(.toNearestOrEven)
            return .float(y * p)
        }
        if d.isNaN { throw PyError.valueError("cannot convert float NaN to integer") }
        if d.isInfinite { throw PyError(.overflowError, "cannot convert float infinity to integer") }
        let r = d.rounded(.toNearestOrEven)
        guard abs(r) < 9.223372036854775e18 else { throw PyError.overflow() }
        return .int(Int64(r))
    default:
        throw PyError.typeError("type \(x.typeName) doesn't define __round__ method")
    }
}

extension Runtime {
    func length(_ v: Value) throws -> Int {
        switch v {
        case .str(let s): return isASCII(s) ? s.utf8.count : s.unicodeScalars.count
        case .list(let l): return l.items.count
        case .tuple(let t): return t.items.count
        case .dict(let d): return d.count
        case .set(let s): return s.count
        case .range(let r):
            guard r.length <= UInt64(Int.max) else { throw PyError(.overflowError, "Python int too large to convert to C ssize_t") }
            return Int(r.length)
        case .iterator(let view as DictView): return view.dict.count
        default: throw PyError.typeError("object of type '\(v.typeName)' has no len()")
        }
    }

    func minMax(_ name: String, _ args: [Value], _ kw: [(String, Value)], _ op: CompareOperator) throws -> Value {
        var key: Value = .none
        var dflt: Value? = nil
        for (k, v) in kw {
            switch k {
            case "key": key = v
            case "default": dflt = v
            default: throw PyError.typeError("'\(k)' is an invalid keyword argument for \(name)()")
            }
        }
        if args.isEmpty { throw PyError.typeError("\(name) expected at least 1 argument, got 0") }
        if args.count >= 2 && key.isNone && dflt == nil {
            // `min(a, b)`: the common case, without building a tuple.
            var best = args[0]
            for x in args.dropFirst() where try pyCompare(x, best, op) { best = x }
            return best
        }
        let source: Value
        if args.count == 1 {
            source = args[0]
        } else {
            if dflt != nil { throw PyError.typeError("Cannot specify a default for \(name)() with multiple positional arguments") }
            source = .tuple(TupleObject(args))
        }
        var best: Value? = nil
        var bestKey: Value = .none
        try forEach(source) { x in
            let k = key.isNone ? x : try call(key, [x])
            if best == nil {
                best = x; bestKey = k
            } else if try pyCompare(k, bestKey, op) {
                best = x; bestKey = k
            }
        }
        guard let best else {
            if let dflt { return dflt }
            throw PyError.valueError("\(name)() arg is an empty sequence")
        }
        return best
    }

    /// Calling a type: `int("3")`, `list(x)`, `ValueError("m")`, `ImagePatch(image)`.
    func construct(_ t: TypeObject, _ args: [Value], _ kwargs: [(String, Value)], line: Int) throws -> Value {
        func noKw() throws {
            if !kwargs.isEmpty { throw PyError.typeError("\(t.name)() takes no keyword arguments") }
        }
        func atMost(_ n: Int) throws {
            if args.count > n {
                throw PyError.typeError("\(t.name) expected at most \(n) argument\(n == 1 ? "" : "s"), got \(args.count)")
            }
        }
        switch t.kind {
        case .exception:
            try noKw()
            return .exception(ExceptionObject(t, args: args))
        case .host(let ht):
            guard let c = ht.constructor else { throw PyError.typeError("cannot create '\(ht.name)' instances") }
            return try callHostFunction(c, args, kwargs, line: line, callee: ht.name)
        case .int:
            var a = args
            for (k, v) in kwargs { if k == "base" { a.append(v) } else { throw PyError.typeError("'\(k)' is an invalid keyword argument for int()") } }
            if a.count > 2 { throw PyError.typeError("int() takes at most 2 arguments (\(a.count) given)") }
            if a.isEmpty { return .int(0) }
            return try toInt(a[0], base: a.count > 1 ? a[1] : nil)
        case .float:
            try noKw(); try atMost(1)
            guard let x = args.first else { return .float(0) }
            return try toFloat(x)
        case .str:
            try noKw(); try atMost(1)
            return .str(try args.first.map { try strString($0, self) } ?? "")
        case .bool:
            try noKw(); try atMost(1)
            return .bool(args.first?.isTruthy ?? false)
        case .list:
            try noKw(); try atMost(1)
            guard let x = args.first else { return .list(ListObject()) }
            let items = try collect(x)
            try account(items.count)
            return .list(ListObject(items))
        case .tuple:
            try noKw(); try atMost(1)
            guard let x = args.first else { return .tuple(TupleObject.empty) }
            if case .tuple = x { return x }
            return .tuple(TupleObject(try collect(x)))
        case .set, .frozenset:
            try noKw(); try atMost(1)
            let s = SetObject(frozen: t === TypeObject.frozenset)
            if let x = args.first {
                for item in try collect(x) {
                    try checkHashable(item)
                    s.add(item)
                }
            }
            try account(s.count)
            return .set(s)
        case .dict:
            try atMost(1)
            let d = DictObject()
            if let x = args.first {
                _ = try callMethod(.dict(d), .update, [x], [])
            }
            for (k, v) in kwargs { d.set(.str(k), v) }
            return .dict(d)
        case .range:
            try noKw()
            if args.isEmpty { throw PyError.typeError("range expected at least 1 argument, got 0") }
            if args.count > 3 { throw PyError.typeError("range expected at most 3 arguments, got \(args.count)") }
            let ints = try args.map { try Builtins.asIndex($0) }
            let (start, stop, step): (Int64, Int64, Int64) = ints.count == 1 ? (0, ints[0], 1) : (ints[0], ints[1], ints.count > 2 ? ints[2] : 1)
            if step == 0 { throw PyError.valueError("range() arg 3 must not be zero") }
            return .range(RangeObject(start: start, stop: stop, step: step))
        case .type:
            try noKw()
            guard args.count == 1 else { throw PyError.typeError("type() takes 1 argument in Loupe programs") }
            return .type(Builtins.typeOf(args[0]))
        case .slice:
            try noKw()
            switch args.count {
            case 1: return .slice(SliceObject(lower: .none, upper: args[0], step: .none))
            case 2: return .slice(SliceObject(lower: args[0], upper: args[1], step: .none))
            case 3: return .slice(SliceObject(lower: args[0], upper: args[1], step: args[2]))
            default: throw PyError.typeError("slice expected at least 1 argument, got \(args.count)")
            }
        default:
            throw PyError.typeError("cannot create '\(t.name)' instances")
        }
    }

    func toInt(_ v: Value, base: Value?) throws -> Value {
        if let base {
            guard case .str(let s) = v else { throw PyError.typeError("int() can't convert non-string with explicit base") }
            guard let b = base.intValue, b == 0 || (b >= 2 && b <= 36) else { throw PyError.valueError("int() base must be >= 2 and <= 36, or 0") }
            return .int(try parseInt(s, base: Int(b)))
        }
        switch v {
        case .int: return v
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d):
            if d.isNaN { throw PyError.valueError("cannot convert float NaN to integer") }
            if d.isInfinite { throw PyError(.overflowError, "cannot convert float infinity to integer") }
            let t = d.rounded(.towardZero)
            guard t >= -9.223372036854775808e18, t < 9.223372036854775808e18 else { throw PyError.overflow() }
            return .int(Int64(t))
        case .str(let s): return .int(try parseInt(s, base: 10))
        default:
            throw PyError.typeError("int() argument must be a string, a bytes-like object or a real number, not '\(v.typeName)'")
        }
    }

    private func parseInt(_ original: String, base: Int) throws -> Int64 {
        let invalid = PyError.valueError("invalid literal for int() with base \(base): \(stringRepr(original))")
        var s = Substring(original.trimmingCharacters(in: .whitespacesAndNewlines))
        var negative = false
        if s.hasPrefix("-") { negative = true; s = s.dropFirst() } else if s.hasPrefix("+") { s = s.dropFirst() }
        var b = base
        let lower = s.lowercased()
        for (p, pb) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(p) && (b == 0 || b == pb) {
            b = pb
            s = s.dropFirst(2)
            if s.hasPrefix("_") { s = s.dropFirst() }
            break
        }
        if b == 0 {
            if s.count > 1 && s.hasPrefix("0") && !s.allSatisfy({ $0 == "0" || $0 == "_" }) { throw invalid }
            b = 10
        }
        guard !s.isEmpty, !s.hasPrefix("_"), !s.hasSuffix("_"), !s.contains("__") else { throw invalid }
        let digits = s.filter { $0 != "_" }
        guard digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) else { throw invalid }
        guard let mag = UInt64(digits, radix: b) else {
            if digits.allSatisfy({ $0.hexDigitValue.map { $0 < b } ?? ($0.isLetter && Int($0.asciiValue! | 0x20) - 87 < b) }) {
                throw PyError.overflow()
            }
            throw invalid
        }
        if negative {
            guard mag <= UInt64(Int64.max) + 1 else { throw PyError.overflow() }
            return mag == UInt64(Int64.max) + 1 ? Int64.min : -Int64(mag)
        }
        guard mag <= UInt64(Int64.max) else { throw PyError.overflow() }
        return Int64(mag)
    }

    func toFloat(_ v: Value) throws -> Value {
        switch v {
        case .float: return v
        case .int(let i): return .float(Double(i))
        case .bool(let b): return .float(b ? 1 : 0)
        case .str(let original):
            let s = original.trimmingCharacters(in: .whitespacesAndNewlines)
            let lower = s.lowercased()
            var body = Substring(lower)
            var sign = 1.0
            if body.hasPrefix("-") { sign = -1; body = body.dropFirst() } else if body.hasPrefix("+") { body = body.dropFirst() }
            if body == "inf" || body == "infinity" { return .float(sign * .infinity) }
            if body == "nan" { return .float(.nan) }
            let valid = !body.isEmpty && body.allSatisfy { "0123456789._e+-".contains($0) } && !body.hasPrefix("_")
                && !body.contains("__") && !body.hasSuffix("_") && body.contains(where: { $0.isNumber })
            if valid, let d = Double(body.filter { $0 != "_" }) { return .float(sign * d) }
            throw PyError.valueError("could not convert string to float: \(stringRepr(original))")
        default:
            throw PyError.typeError("float() argument must be a string or a real number, not '\(v.typeName)'")
        }
    }
}
