// `import math`: the pure functions and constants of CPython's math module, with its
// "math domain error" / "math range error" exceptions.
import Foundation

enum MathModule {
    private static func float(_ name: String, _ v: Value) throws -> Double {
        guard let d = v.doubleValue else { throw PyError.typeError("must be real number, not \(v.typeName)") }
        return d
    }

    private static func args(_ name: String, _ a: [Value], _ kw: [(String, Value)], _ n: Int) throws {
        if !kw.isEmpty { throw PyError.typeError("math.\(name)() takes no keyword arguments") }
        if a.count != n {
            if n == 1 { throw PyError.typeError("math.\(name)() takes exactly one argument (\(a.count) given)") }
            throw PyError.typeError("\(name) expected \(n) arguments, got \(a.count)")
        }
    }

    private static let domain = PyError.valueError("math domain error")
    private static let range = PyError(.overflowError, "math range error")

    /// A one-argument float function that raises on domain/range errors as CPython does.
    private static func unary(_ name: String, _ f: @escaping (Double) -> Double, domainOK: @escaping (Double) -> Bool = { _ in true }) -> (String, Value) {
        (name, .builtin(BuiltinFunction(name) { _, a, kw in
            try args(name, a, kw, 1)
            let x = try float(name, a[0])
            if x.isNaN { return .float(x) }
            guard domainOK(x) else { throw domain }
            let r = f(x)
            if r.isNaN { throw domain }
            if r.isInfinite && x.isFinite { throw range }
            return .float(r)
        }))
    }

    private static func function(_ name: String, _ body: @escaping ([Value], [(String, Value)]) throws -> Value) -> (String, Value) {
        (name, .builtin(BuiltinFunction(name) { _, a, kw in try body(a, kw) }))
    }

    private static func toInteger(_ d: Double) throws -> Value {
        if d.isNaN { throw PyError.valueError("cannot convert float NaN to integer") }
        if d.isInfinite { throw PyError(.overflowError, "cannot convert float infinity to integer") }
        guard abs(d) < 9.223372036854775807e18 else { throw PyError.overflow() }
        return .int(Int64(d))
    }

    private static func integer(_ name: String, _ v: Value) throws -> Int64 {
        guard let i = v.intValue, !v.isFloat else { throw PyError.typeError("'\(v.typeName)' object cannot be interpreted as an integer") }
        return i
    }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var x = a.magnitude, y = b.magnitude
        while y != 0 { (x, y) = (y, x % y) }
        return Int64(truncatingIfNeeded: x)
    }

    static let module: ModuleObject = {
        var m: [String: Value] = [
            "pi": .float(Double.pi), "e": .float(M_E), "tau": .float(2 * Double.pi),
            "inf": .float(.infinity), "nan": .float(.nan),
        ]
        let members: [(String, Value)] = [
            unary("sqrt", { $0.squareRoot() }, domainOK: { $0 >= 0 }),
            unary("exp", { Foundation.exp($0) }),
            unary("expm1", { Foundation.expm1($0) }),
            unary("sin", { Foundation.sin($0) }, domainOK: { $0.isFinite }),
            unary("cos", { Foundation.cos($0) }, domainOK: { $0.isFinite }),
            unary("tan", { Foundation.tan($0) }, domainOK: { $0.isFinite }),
            unary("asin", { Foundation.asin($0) }, domainOK: { abs($0) <= 1 }),
            unary("acos", { Foundation.acos($0) }, domainOK: { abs($0) <= 1 }),
            unary("atan", { Foundation.atan($0) }),
            unary("sinh", { Foundation.sinh($0) }),
            unary("cosh", { Foundation.cosh($0) }),
            unary("tanh", { Foundation.tanh($0) }),
            unary("asinh", { Foundation.asinh($0) }),
            unary("acosh", { Foundation.acosh($0) }, domainOK: { $0 >= 1 }),
            unary("atanh", { Foundation.atanh($0) }, domainOK: { abs($0) < 1 }),
            unary("log2", { Foundation.log2($0) }, domainOK: { $0 > 0 }),
            unary("log10", { Foundation.log10($0) }, domainOK: { $0 > 0 }),
            unary("log1p", { Foundation.log1p($0) }, domainOK: { $0 > -1 }),
            unary("fabs", { Swift.abs($0) }),
            unary("degrees", { $0 * 180 / Double.pi }),
            unary("radians", { $0 * Double.pi / 180 }),
            unary("erf", { Foundation.erf($0) }),
            unary("erfc", { Foundation.erfc($0) }),
            unary("gamma", { Foundation.tgamma($0) }, domainOK: { !($0 <= 0 && $0 == $0.rounded()) }),
            unary("lgamma", { Foundation.lgamma($0) }, domainOK: { !($0 <= 0 && $0 == $0.rounded()) }),
            function("floor") { a, kw in
                try args("floor", a, kw, 1)
                if let i = a[0].intValue, !a[0].isFloat { return .int(i) }
                return try toInteger(Foundation.floor(try float("floor", a[0])))
            },
            function("ceil") { a, kw in
                try args("ceil", a, kw, 1)
                if let i = a[0].intValue, !a[0].isFloat { return .int(i) }
                return try toInteger(Foundation.ceil(try float("ceil", a[0])))
            },
            function("trunc") { a, kw in
                try args("trunc", a, kw, 1)
                if let i = a[0].intValue, !a[0].isFloat { return .int(i) }
                return try toInteger(try float("trunc", a[0]).rounded(.towardZero))
            },
            function("log") { a, kw in
                if !kw.isEmpty { throw PyError.typeError("math.log() takes no keyword arguments") }
                guard a.count == 1 || a.count == 2 else { throw PyError.typeError("log expected at least 1 argument, got \(a.count)") }
                let x = try float("log", a[0])
                guard x > 0 else { throw domain }
                if a.count == 1 { return .float(Foundation.log(x)) }
                let b = try float("log", a[1])
                guard b > 0 else { throw domain }
                let lb = Foundation.log(b)
                if lb == 0 { throw PyError.zeroDivision("float division by zero") }
                return .float(Foundation.log(x) / lb)
            },
            function("pow") { a, kw in
                try args("pow", a, kw, 2)
                let x = try float("pow", a[0]), y = try float("pow", a[1])
                if x == 0 && y < 0 { throw domain }
                if x < 0 && y != y.rounded() && y.isFinite { throw domain }
                let r = Foundation.pow(x, y)
                if r.isInfinite && x.isFinite && y.isFinite { throw range }
                return .float(r)
            },
            function("atan2") { a, kw in
                try args("atan2", a, kw, 2)
                return .float(Foundation.atan2(try float("atan2", a[0]), try float("atan2", a[1])))
            },
            function("copysign") { a, kw in
                try args("copysign", a, kw, 2)
                return .float(Foundation.copysign(try float("copysign", a[0]), try float("copysign", a[1])))
            },
            function("fmod") { a, kw in
                try args("fmod", a, kw, 2)
                let x = try float("fmod", a[0]), y = try float("fmod", a[1])
                if y == 0 || x.isInfinite { throw domain }
                return .float(Foundation.fmod(x, y))
            },
            function("hypot") { a, kw in
                if !kw.isEmpty { throw PyError.typeError("math.hypot() takes no keyword arguments") }
                let xs = try a.map { try float("hypot", $0) }
                if xs.contains(where: { $0.isInfinite }) { return .float(.infinity) }
                let big = xs.map { Swift.abs($0) }.max() ?? 0
                if big == 0 { return .float(0) }
                var sum = 0.0
                for x in xs { sum += (x / big) * (x / big) }
                return .float(xs.count == 2 ? Foundation.hypot(xs[0], xs[1]) : big * sum.squareRoot())
            },
            function("dist") { a, kw in
                try args("dist", a, kw, 2)
                guard let p = a[0].sequenceItems, let q = a[1].sequenceItems else { throw PyError.typeError("dist(): both points must be sequences") }
                guard p.count == q.count else { throw PyError.valueError("both points must have the same number of dimensions") }
                var sum = 0.0
                for i in 0..<p.count { let d = try float("dist", p[i]) - float("dist", q[i]); sum += d * d }
                return .float(p.count == 2 ? Foundation.hypot(try float("dist", p[0]) - float("dist", q[0]), try float("dist", p[1]) - float("dist", q[1])) : sum.squareRoot())
            },
            function("isclose") { a, kw in
                guard a.count == 2 else { throw PyError.typeError("isclose() takes exactly 2 positional arguments (\(a.count) given)") }
                var rel = 1e-9, absTol = 0.0
                for (k, v) in kw {
                    if k == "rel_tol" { rel = try float("isclose", v) } else if k == "abs_tol" { absTol = try float("isclose", v) } else {
                        throw PyError.typeError("isclose() got an unexpected keyword argument '\(k)'")
                    }
                }
                if rel < 0 || absTol < 0 { throw PyError.valueError("tolerances must be non-negative") }
                let x = try float("isclose", a[0]), y = try float("isclose", a[1])
                if x == y { return .true }
                if x.isInfinite || y.isInfinite { return .false }
                let diff = Swift.abs(y - x)
                return .bool(diff <= Swift.abs(rel * y) || diff <= Swift.abs(rel * x) || diff <= absTol)
            },
            function("isfinite") { a, kw in try args("isfinite", a, kw, 1); return .bool(try float("isfinite", a[0]).isFinite) },
            function("isinf") { a, kw in try args("isinf", a, kw, 1); return .bool(try float("isinf", a[0]).isInfinite) },
            function("isnan") { a, kw in try args("isnan", a, kw, 1); return .bool(try float("isnan", a[0]).isNaN) },
            function("factorial") { a, kw in
                try args("factorial", a, kw, 1)
                let n = try integer("factorial", a[0])
                if n < 0 { throw PyError.valueError("factorial() not defined for negative values") }
                var r: Int64 = 1
                if n > 1 { for i in 2...n { let (p, o) = r.multipliedReportingOverflow(by: i); if o { throw PyError.overflow() }; r = p } }
                return .int(r)
            },
            function("gcd") { a, kw in
                if !kw.isEmpty { throw PyError.typeError("math.gcd() takes no keyword arguments") }
                var g: Int64 = 0
                for x in a { g = gcd(g, try integer("gcd", x)) }
                return .int(g)
            },
            function("lcm") { a, kw in
                if !kw.isEmpty { throw PyError.typeError("math.lcm() takes no keyword arguments") }
                var l: Int64 = 1
                for x in a {
                    let v = try integer("lcm", x)
                    if v == 0 { return .int(0) }
                    let (p, o) = (l / gcd(l, v)).multipliedReportingOverflow(by: v)
                    if o { throw PyError.overflow() }
                    l = Swift.abs(p)
                }
                return .int(l)
            },
            function("comb") { a, kw in
                try args("comb", a, kw, 2)
                let n = try integer("comb", a[0]), k = try integer("comb", a[1])
                if n < 0 || k < 0 { throw PyError.valueError("\(n < 0 ? "n" : "k") must be a non-negative integer") }
                if k > n { return .int(0) }
                var r: Int64 = 1
                let kk = min(k, n - k)
                if kk > 0 {
                    for i in 1...kk {
                        let (p, o) = r.multipliedReportingOverflow(by: n - kk + i)
                        if o { throw PyError.overflow() }
                        r = p / i
                    }
                }
                return .int(r)
            },
            function("perm") { a, kw in
                guard a.count == 1 || a.count == 2 else { throw PyError.typeError("perm expected at most 2 arguments, got \(a.count)") }
                let n = try integer("perm", a[0])
                let k = a.count > 1 && !a[1].isNone ? try integer("perm", a[1]) : n
                if n < 0 || k < 0 { throw PyError.valueError("\(n < 0 ? "n" : "k") must be a non-negative integer") }
                if k > n { return .int(0) }
                var r: Int64 = 1
                if k > 0 { for i in (n - k + 1)...n { let (p, o) = r.multipliedReportingOverflow(by: i); if o { throw PyError.overflow() }; r = p } }
                return .int(r)
            },
            function("isqrt") { a, kw in
                try args("isqrt", a, kw, 1)
                let n = try integer("isqrt", a[0])
                if n < 0 { throw PyError.valueError("isqrt() argument must be nonnegative") }
                var r = Int64(Double(n).squareRoot())
                while r * r > n { r -= 1 }
                while (r + 1).multipliedReportingOverflow(by: r + 1).partialValue <= n && !(r + 1).multipliedReportingOverflow(by: r + 1).overflow { r += 1 }
                return .int(r)
            },
            function("modf") { a, kw in
                try args("modf", a, kw, 1)
                let x = try float("modf", a[0])
                if x.isInfinite { return .tuple(TupleObject([.float(Foundation.copysign(0, x)), .float(x)])) }
                let i = x.rounded(.towardZero)
                return .tuple(TupleObject([.float(x - i), .float(i)]))
            },
            function("frexp") { a, kw in
                try args("frexp", a, kw, 1)
                let x = try float("frexp", a[0])
                if !x.isFinite || x == 0 { return .tuple(TupleObject([.float(x), .int(0)])) }
                var e: Int32 = 0
                let m = Foundation.frexp(x, &e)
                return .tuple(TupleObject([.float(m), .int(Int64(e))]))
            },
            function("ldexp") { a, kw in
                try args("ldexp", a, kw, 2)
                let x = try float("ldexp", a[0])
                let e = try integer("ldexp", a[1])
                let r = Foundation.scalbn(x, Int(max(min(e, 100_000), -100_000)))
                if r.isInfinite && x.isFinite { throw range }
                return .float(r)
            },
            ("prod", .builtin(BuiltinFunction("prod") { rt, a, kw in
                guard a.count == 1 else { throw PyError.typeError("prod() takes exactly 1 positional argument (\(a.count) given)") }
                var total: Value = .int(1)
                for (k, v) in kw { if k == "start" { total = v } else { throw PyError.typeError("prod() got an unexpected keyword argument '\(k)'") } }
                try rt.forEach(a[0]) { x in total = try rt.binary(.multiply, total, x) }
                return total
            })),
            ("fsum", .builtin(BuiltinFunction("fsum") { rt, a, kw in
                try args("fsum", a, kw, 1)
                // Shewchuk's exact partial sums, as CPython's fsum.
                var partials: [Double] = []
                try rt.forEach(a[0]) { v in
                    var x = try float("fsum", v)
                    var i = 0
                    for var y in partials {
                        if Swift.abs(x) < Swift.abs(y) { swap(&x, &y) }
                        let hi = x + y
                        let lo = y - (hi - x)
                        if lo != 0 { partials[i] = lo; i += 1 }
                        x = hi
                    }
                    partials.removeSubrange(i...)
                    partials.append(x)
                }
                var hi = 0.0
                if var n = Optional(partials.count), n > 0 {
                    n -= 1
                    hi = partials[n]
                    var lo = 0.0
                    while n > 0 {
                        let x = hi
                        n -= 1
                        let y = partials[n]
                        hi = x + y
                        let yr = hi - x
                        lo = y - yr
                        if lo != 0 { break }
                    }
                    if n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0)) {
                        let y = lo * 2
                        let x = hi + y
                        let yr = x - hi
                        if y == yr { hi = x }
                    }
                }
                return .float(hi)
            })),
        ]
        for (name, v) in members { m[name] = v }
        return ModuleObject(name: "math", members: m)
    }()
}
