// The meaning of operators on values: repr/str, equality and ordering, arithmetic, membership,
// subscripts. Messages are CPython 3.11's, since programs and the controller read them.
import Foundation

/// Nesting bound for recursive repr/compare/hash of containers; deeper raises RecursionError
/// as CPython does instead of exhausting the stack.
let maxValueNesting = 2000

// MARK: - repr / str

func reprString(_ v: Value, _ rt: Runtime?) throws -> String {
    var seen: [ObjectIdentifier] = []
    var out = ""
    try appendRepr(v, &out, &seen, rt)
    return out
}

func strString(_ v: Value, _ rt: Runtime?) throws -> String {
    switch v {
    case .str(let s): return s
    case .exception(let e): return e.message(rt)
    default: return try reprString(v, rt)
    }
}

func stringRepr(_ s: String) -> String {
    let useDouble = s.contains("'") && !s.contains("\"")
    let quote: Unicode.Scalar = useDouble ? "\"" : "'"
    var out = String.UnicodeScalarView()
    out.append(quote)
    for u in s.unicodeScalars {
        switch u {
        case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
        case "\n": out.append(contentsOf: "\\n".unicodeScalars)
        case "\r": out.append(contentsOf: "\\r".unicodeScalars)
        case "\t": out.append(contentsOf: "\\t".unicodeScalars)
        case quote: out.append("\\"); out.append(u)
        default:
            let v = u.value
            if v < 0x20 || v == 0x7F || (v >= 0x80 && v <= 0xA0) || v == 0xAD {
                out.append(contentsOf: ("\\x" + hex(v, 2)).unicodeScalars)
            } else if !isPrintable(u) {
                if v <= 0xFF { out.append(contentsOf: ("\\x" + hex(v, 2)).unicodeScalars) } else if v <= 0xFFFF {
                    out.append(contentsOf: ("\\u" + hex(v, 4)).unicodeScalars)
                } else { out.append(contentsOf: ("\\U" + hex(v, 8)).unicodeScalars) }
            } else {
                out.append(u)
            }
        }
    }
    out.append(quote)
    return String(out)
}

private func hex(_ v: UInt32, _ width: Int) -> String {
    let h = String(v, radix: 16)
    return String(repeating: "0", count: max(0, width - h.count)) + h
}

/// Approximates Python's `str.isprintable` for one scalar: separators and control/format/
/// unassigned/surrogate categories are not printable, except the ASCII space.
private func isPrintable(_ u: Unicode.Scalar) -> Bool {
    if u == " " { return true }
    switch u.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
        return false
    default: return true
    }
}

private func appendRepr(_ v: Value, _ out: inout String, _ seen: inout [ObjectIdentifier], _ rt: Runtime?) throws {
    switch v {
    case .none: out += "None"
    case .bool(let b): out += b ? "True" : "False"
    case .int(let i): out += String(i)
    case .float(let d): out += floatRepr(d)
    case .str(let s): out += stringRepr(s)
    case .ellipsis: out += "Ellipsis"
    case .list(let l):
        if seen.contains(ObjectIdentifier(l)) { out += "[...]"; return }
        try enter(ObjectIdentifier(l), &seen)
        out += "["
        for (i, item) in l.items.enumerated() {
            if i > 0 { out += ", " }
            try appendRepr(item, &out, &seen, rt)
            if let rt { try rt.checkStringSize(out.utf8.count) }
        }
        out += "]"
        seen.removeLast()
    case .tuple(let t):
        if seen.contains(ObjectIdentifier(t)) { out += "(...)"; return }
        try enter(ObjectIdentifier(t), &seen)
        out += "("
        for (i, item) in t.items.enumerated() {
            if i > 0 { out += ", " }
            try appendRepr(item, &out, &seen, rt)
            if let rt { try rt.checkStringSize(out.utf8.count) }
        }
        out += t.items.count == 1 ? ",)" : ")"
        seen.removeLast()
    case .dict(let d):
        if seen.contains(ObjectIdentifier(d)) { out += "{...}"; return }
        try enter(ObjectIdentifier(d), &seen)
        out += "{"
        for (i, e) in d.entries.enumerated() {
            if i > 0 { out += ", " }
            try appendRepr(e.key, &out, &seen, rt)
            out += ": "
            try appendRepr(e.value, &out, &seen, rt)
            if let rt { try rt.checkStringSize(out.utf8.count) }
        }
        out += "}"
        seen.removeLast()
    case .set(let s):
        let keys = s.keys
        if keys.isEmpty { out += s.frozen ? "frozenset()" : "set()"; return }
        if seen.contains(ObjectIdentifier(s)) { out += "\(s.frozen ? "frozenset" : "set")(...)"; return }
        try enter(ObjectIdentifier(s), &seen)
        out += s.frozen ? "frozenset({" : "{"
        for (i, k) in keys.enumerated() {
            if i > 0 { out += ", " }
            try appendRepr(k, &out, &seen, rt)
        }
        out += s.frozen ? "})" : "}"
        seen.removeLast()
    case .range(let r):
        out += r.step == 1 ? "range(\(r.start), \(r.stop))" : "range(\(r.start), \(r.stop), \(r.step))"
    case .function(let f): out += "<function \(f.qualifiedName) at \(address(f))>"
    case .builtin(let b): out += "<built-in function \(b.name)>"
    case .boundMethod(let m): out += "<built-in method \(m.name) of \(m.receiver.typeName) object at \(address(m))>"
    case .exception(let e):
        out += e.type.name + "("
        for (i, a) in e.args.enumerated() {
            if i > 0 { out += ", " }
            try appendRepr(a, &out, &seen, rt)
        }
        out += ")"
    case .type(let t):
        if case .host = t.kind { out += "<class '\(t.name)'>" } else { out += "<class '\(t.name)'>" }
    case .iterator(let view as DictView):
        out += view.typeName + "("
        try appendRepr(.list(ListObject(view.items)), &out, &seen, rt)
        out += ")"
    case .iterator(let it): out += "<\(it.typeName) object at \(address(it))>"
    case .module(let m): out += "<module '\(m.name)' (built-in)>"
    case .slice(let s):
        out += "slice("
        try appendRepr(s.lower, &out, &seen, rt); out += ", "
        try appendRepr(s.upper, &out, &seen, rt); out += ", "
        try appendRepr(s.step, &out, &seen, rt); out += ")"
    case .host(let h): out += h.describe?() ?? "<\(h.type.name) object>"
    }
}

private func enter(_ id: ObjectIdentifier, _ seen: inout [ObjectIdentifier]) throws {
    if seen.count >= maxValueNesting {
        throw PyError(.recursionError, "maximum recursion depth exceeded while getting the repr of an object")
    }
    seen.append(id)
}

private func address(_ o: AnyObject) -> String {
    "0x" + String(UInt(bitPattern: ObjectIdentifier(o).hashValue), radix: 16)
}

// MARK: - Equality and ordering

/// Exact comparison of an int with a float (CPython never rounds the int): -1, 0, 1, or nil
/// when the float is NaN.
func compareIntFloat(_ i: Int64, _ d: Double) -> Int? {
    if d.isNaN { return nil }
    if d >= 9.223372036854775808e18 { return -1 }
    if d < -9.223372036854775808e18 { return 1 }
    let t = d.rounded(.towardZero)
    let ti = Int64(t)
    if i != ti { return i < ti ? -1 : 1 }
    let frac = d - t
    return frac > 0 ? -1 : (frac < 0 ? 1 : 0)
}

/// Ordering of two numbers (bool, int, float) without precision loss; nil for NaN.
func compareNumbers(_ a: Value, _ b: Value) -> Int? {
    switch (a, b) {
    case (.float(let x), .float(let y)):
        if x.isNaN || y.isNaN { return nil }
        return x < y ? -1 : (x > y ? 1 : 0)
    case (.float(let x), _):
        guard let j = b.intValue else { return nil }
        return compareIntFloat(j, x).map { -$0 }
    case (_, .float(let y)):
        guard let i = a.intValue else { return nil }
        return compareIntFloat(i, y)
    default:
        guard let i = a.intValue, let j = b.intValue else { return nil }
        return i < j ? -1 : (i > j ? 1 : 0)
    }
}

func pyEquals(_ a: Value, _ b: Value, depth: Int = 0) throws -> Bool {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x == y
    case (.str(let x), .str(let y)): return x.utf8.elementsEqual(y.utf8)
    case (.float(let x), .float(let y)): return x == y
    case (.none, .none), (.ellipsis, .ellipsis): return true
    case (.list(let x), .list(let y)):
        if x === y { return true }
        return try sequencesEqual(x.items, y.items, depth)
    case (.tuple(let x), .tuple(let y)):
        if x === y { return true }
        return try sequencesEqual(x.items, y.items, depth)
    case (.dict(let x), .dict(let y)):
        if x === y { return true }
        guard x.count == y.count else { return false }
        if depth > maxValueNesting { throw PyError(.recursionError, "maximum recursion depth exceeded in comparison") }
        for (k, v) in x.entries {
            guard let w = y.get(k), try itemsEqual(v, w, depth: depth + 1) else { return false }
        }
        return true
    case (.set(let x), .set(let y)):
        return x.count == y.count && x.keys.allSatisfy { y.contains($0) }
    case (.range(let x), .range(let y)):
        if x.count != y.count { return false }
        if x.count == 0 { return true }
        if x.start != y.start { return false }
        return x.count == 1 || x.step == y.step
    default:
        if a.numericValue != nil && b.numericValue != nil { return compareNumbers(a, b) == 0 }
        if let x = a.objectIdentity, let y = b.objectIdentity { return x == y }
        return false
    }
}

/// CPython's container comparisons check identity before `==`, so `nan in [nan]` is True for
/// the same NaN. Loupe's floats are values, so "the same NaN" means the same bits.
func itemsEqual(_ a: Value, _ b: Value, depth: Int = 0) throws -> Bool {
    if case .float(let x) = a, case .float(let y) = b, x.isNaN || y.isNaN { return x.bitPattern == y.bitPattern }
    return try pyEquals(a, b, depth: depth)
}

private func sequencesEqual(_ x: [Value], _ y: [Value], _ depth: Int) throws -> Bool {
    guard x.count == y.count else { return false }
    if depth > maxValueNesting { throw PyError(.recursionError, "maximum recursion depth exceeded in comparison") }
    for i in 0..<x.count where !(try itemsEqual(x[i], y[i], depth: depth + 1)) { return false }
    return true
}

/// `<`, `<=`, `>`, `>=`
func pyCompare(_ a: Value, _ b: Value, _ op: CompareOperator, depth: Int = 0) throws -> Bool {
    switch (a, b) {
    case (.int(let x), .int(let y)): return order(x, y, op)
    case (.float(let x), .float(let y)): return order(x, y, op)
    case (.str(let x), .str(let y)):
        switch op {
        case .less: return x.utf8.lexicographicallyPrecedes(y.utf8)
        case .lessEqual: return !y.utf8.lexicographicallyPrecedes(x.utf8)
        case .greater: return y.utf8.lexicographicallyPrecedes(x.utf8)
        default: return !x.utf8.lexicographicallyPrecedes(y.utf8)
        }
    case (.list(let x), .list(let y)): return try compareSequences(x.items, y.items, op, depth)
    case (.tuple(let x), .tuple(let y)): return try compareSequences(x.items, y.items, op, depth)
    case (.set(let x), .set(let y)):
        let sub = x.keys.allSatisfy { y.contains($0) }
        let sup = y.keys.allSatisfy { x.contains($0) }
        switch op {
        case .less: return sub && x.count < y.count
        case .lessEqual: return sub
        case .greater: return sup && x.count > y.count
        default: return sup
        }
    default:
        if a.numericValue != nil && b.numericValue != nil {
            guard let c = compareNumbers(a, b) else { return false }
            return order(c, 0, op)
        }
        throw PyError.typeError("'\(op.rawValue)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
    }
}

@inline(__always)
private func order<T: Comparable>(_ x: T, _ y: T, _ op: CompareOperator) -> Bool {
    switch op {
    case .less: return x < y
    case .lessEqual: return x <= y
    case .greater: return x > y
    default: return x >= y
    }
}

private func compareSequences(_ x: [Value], _ y: [Value], _ op: CompareOperator, _ depth: Int) throws -> Bool {
    if depth > maxValueNesting { throw PyError(.recursionError, "maximum recursion depth exceeded in comparison") }
    let n = min(x.count, y.count)
    for i in 0..<n where !(try itemsEqual(x[i], y[i], depth: depth + 1)) {
        return try pyCompare(x[i], y[i], op, depth: depth + 1)
    }
    return order(x.count, y.count, op)
}

/// Does Python allow this value as a dict key / set member? Throws CPython's TypeError if not.
func checkHashable(_ v: Value, depth: Int = 0) throws {
    switch v {
    case .list, .dict: throw PyError.typeError("unhashable type: '\(v.typeName)'")
    case .set(let s) where !s.frozen: throw PyError.typeError("unhashable type: 'set'")
    case .tuple(let t):
        // Hashing and key comparison recurse into tuples; bound the depth like CPython does.
        if depth > maxValueNesting { throw PyError(.recursionError, "maximum recursion depth exceeded while calling a Python object") }
        for item in t.items { try checkHashable(item, depth: depth + 1) }
    default: break
    }
}

// MARK: - Arithmetic

func unsupported(_ op: String, _ a: Value, _ b: Value) -> PyError {
    PyError.typeError("unsupported operand type(s) for \(op): '\(a.typeName)' and '\(b.typeName)'")
}

func intPow(_ base: Int64, _ exp: Int64) throws -> Int64 {
    var result: Int64 = 1
    var b = base
    var e = exp
    while e > 0 {
        if e & 1 == 1 {
            let (r, o) = result.multipliedReportingOverflow(by: b)
            if o { throw PyError.overflow() }
            result = r
        }
        e >>= 1
        if e > 0 {
            let (sq, o) = b.multipliedReportingOverflow(by: b)
            if o { throw PyError.overflow() }
            b = sq
        }
    }
    return result
}

func floorDiv(_ a: Int64, _ b: Int64) throws -> Int64 {
    if b == 0 { throw PyError.zeroDivision("integer division or modulo by zero") }
    if a == Int64.min && b == -1 { throw PyError.overflow() }
    let q = a / b
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
}

func floorMod(_ a: Int64, _ b: Int64) throws -> Int64 {
    if b == 0 { throw PyError.zeroDivision("integer modulo by zero") }
    if b == -1 { return 0 }
    let r = a % b
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
}

func floatMod(_ a: Double, _ b: Double) throws -> Double {
    if b == 0 { throw PyError.zeroDivision("float modulo") }
    var mod = fmod(a, b)
    if mod != 0 {
        if (b < 0) != (mod < 0) { mod += b }
    } else {
        mod = copysign(0, b)
    }
    return mod
}

func floatFloorDiv(_ a: Double, _ b: Double) throws -> Double {
    if b == 0 { throw PyError.zeroDivision("float floor division by zero") }
    var mod = fmod(a, b)
    var div = (a - mod) / b
    if mod != 0 {
        if (b < 0) != (mod < 0) { mod += b; div -= 1 }
    }
    if div != 0 {
        var f = floor(div)
        if div - f > 0.5 { f += 1 }
        return f
    }
    return copysign(0, a / b)
}

func floatPow(_ a: Double, _ b: Double) throws -> Double {
    if a == 0 && b < 0 { throw PyError.zeroDivision("0.0 cannot be raised to a negative power") }
    if a < 0 && b != b.rounded() && a.isFinite && b.isFinite {
        throw PyError.valueError("complex results are not supported: negative number raised to a fractional power")
    }
    let r = pow(a, b)
    if r.isInfinite && a.isFinite && b.isFinite { throw PyError(.overflowError, "(34, 'Numerical result out of range')") }
    return r
}

extension Runtime {
    func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        // Fast paths first: int and float arithmetic.
        if case .int(let x) = a, case .int(let y) = b {
            switch op {
            case .add:
                let (r, o) = x.addingReportingOverflow(y); if o { throw PyError.overflow() }; return .int(r)
            case .subtract:
                let (r, o) = x.subtractingReportingOverflow(y); if o { throw PyError.overflow() }; return .int(r)
            case .multiply:
                let (r, o) = x.multipliedReportingOverflow(by: y); if o { throw PyError.overflow() }; return .int(r)
            case .floorDivide: return .int(try floorDiv(x, y))
            case .modulo: return .int(try floorMod(x, y))
            case .divide:
                if y == 0 { throw PyError.zeroDivision("division by zero") }
                if x.magnitude <= 1 << 53 && y.magnitude <= 1 << 53 { return .float(Double(x) / Double(y)) }
                // Beyond 2**53 the operands are not exact doubles; divide with a 64-bit mantissa.
                return .float(Double(Float80(x) / Float80(y)))
            case .power:
                if y < 0 {
                    if x == 0 { throw PyError.zeroDivision("0.0 cannot be raised to a negative power") }
                    return .float(pow(Double(x), Double(y)))
                }
                return .int(try intPow(x, y))
            case .bitAnd: return .int(x & y)
            case .bitOr: return .int(x | y)
            case .bitXor: return .int(x ^ y)
            case .leftShift:
                if y < 0 { throw PyError.valueError("negative shift count") }
                if x == 0 { return .int(0) }
                if y >= 63 { throw PyError.overflow() }
                let r = x << y
                if r >> y != x { throw PyError.overflow() }
                return .int(r)
            case .rightShift:
                if y < 0 { throw PyError.valueError("negative shift count") }
                return .int(y >= 63 ? (x < 0 ? -1 : 0) : x >> y)
            case .matrixMultiply: throw unsupported("@", a, b)
            }
        }
        if case .float(let x) = a, case .float(let y) = b { return try floatBinary(op, x, y, a, b) }
        switch (a, b) {
        case (.int, .float), (.float, .int), (.bool, .float), (.float, .bool):
            return try floatBinary(op, a.numericValue!, b.numericValue!, a, b)
        case (.bool, .int), (.int, .bool), (.bool, .bool):
            if case .bool(let x) = a, case .bool(let y) = b {
                switch op {
                case .bitAnd: return .bool(x && y)
                case .bitOr: return .bool(x || y)
                case .bitXor: return .bool(x != y)
                default: break
                }
            }
            return try binary(op, .int(a.intValue!), .int(b.intValue!))
        default: break
        }
        switch op {
        case .add:
            switch (a, b) {
            case (.str(let x), .str(let y)):
                try checkStringSize(x.utf8.count + y.utf8.count)
                return .str(x + y)
            case (.list(let x), .list(let y)):
                try checkSize(x.items.count + y.items.count)
                return .list(ListObject(x.items + y.items))
            case (.tuple(let x), .tuple(let y)):
                try checkSize(x.items.count + y.items.count)
                return .tuple(TupleObject(x.items + y.items))
            case (.str, _), (.list, _), (.tuple, _):
                if case .str = a, b.typeName != "str" { throw PyError.typeError("can only concatenate str (not \"\(b.typeName)\") to str") }
                if case .list = a { throw PyError.typeError("can only concatenate list (not \"\(b.typeName)\") to list") }
                if case .tuple = a { throw PyError.typeError("can only concatenate tuple (not \"\(b.typeName)\") to tuple") }
            default: break
            }
        case .multiply:
            if let n = b.intValue, !(b.isFloat) { if let r = try repeatSequence(a, n) { return r } }
            if let n = a.intValue, !(a.isFloat) { if let r = try repeatSequence(b, n) { return r } }
            if case .str = a, case .float = b { throw PyError.typeError("can't multiply sequence by non-int of type 'float'") }
            if case .list = a, case .float = b { throw PyError.typeError("can't multiply sequence by non-int of type 'float'") }
            if case .str = a { throw PyError.typeError("can't multiply sequence by non-int of type '\(b.typeName)'") }
            if case .list = a { throw PyError.typeError("can't multiply sequence by non-int of type '\(b.typeName)'") }
            if case .tuple = a { throw PyError.typeError("can't multiply sequence by non-int of type '\(b.typeName)'") }
        case .modulo:
            if case .str(let s) = a { return .str(try percentFormat(s, b, self)) }
        case .bitOr, .bitAnd, .subtract, .bitXor:
            if case .set(let x) = a, case .set(let y) = b { return .set(try setOperation(op, x, y)) }
            if op == .bitOr, case .dict(let x) = a, case .dict(let y) = b {
                let d = x.copy()
                for (k, v) in y.entries { d.set(k, v) }
                return .dict(d)
            }
        default: break
        }
        throw unsupported(op == .power ? "** or pow()" : op.rawValue, a, b)
    }

    private func floatBinary(_ op: BinaryOperator, _ x: Double, _ y: Double, _ a: Value, _ b: Value) throws -> Value {
        switch op {
        case .add: return .float(x + y)
        case .subtract: return .float(x - y)
        case .multiply: return .float(x * y)
        case .divide:
            if y == 0 { throw PyError.zeroDivision("float division by zero") }
            return .float(x / y)
        case .floorDivide: return .float(try floatFloorDiv(x, y))
        case .modulo: return .float(try floatMod(x, y))
        case .power: return .float(try floatPow(x, y))
        default: throw unsupported(op.rawValue, a, b)
        }
    }

    func setOperation(_ op: BinaryOperator, _ x: SetObject, _ y: SetObject) throws -> SetObject {
        let r: SetObject
        switch op {
        case .bitOr:
            r = x.copy()
            for k in y.keys { r.add(k) }
        case .bitAnd:
            r = SetObject(frozen: x.frozen)
            let (small, big) = x.count <= y.count ? (x, y) : (y, x)
            for k in small.keys where big.contains(k) { r.add(k) }
        case .subtract:
            r = SetObject(frozen: x.frozen)
            for k in x.keys where !y.contains(k) { r.add(k) }
        default:
            r = SetObject(frozen: x.frozen)
            for k in x.keys where !y.contains(k) { r.add(k) }
            for k in y.keys where !x.contains(k) { r.add(k) }
        }
        r.frozen = x.frozen
        try checkSize(r.count)
        return r
    }

    private func repeatSequence(_ v: Value, _ n: Int64) throws -> Value? {
        let times = Int(max(0, n))
        switch v {
        case .str(let s):
            let (total, o) = s.utf8.count.multipliedReportingOverflow(by: times)
            if o { throw LimitExceeded(limit: "maxStringLength", value: String(limits.maxStringLength)) }
            try checkStringSize(total)
            try account(total / 8)
            return .str(times == 0 ? "" : String(repeating: s, count: times))
        case .list(let l):
            let (total, o) = l.items.count.multipliedReportingOverflow(by: times)
            if o { throw LimitExceeded(limit: "maxCollectionSize", value: String(limits.maxCollectionSize)) }
            try checkSize(total)
            try account(total)
            var items: [Value] = []
            items.reserveCapacity(total)
            for _ in 0..<(l.items.isEmpty ? 0 : times) { items.append(contentsOf: l.items) }
            return .list(ListObject(items))
        case .tuple(let t):
            let (total, o) = t.items.count.multipliedReportingOverflow(by: times)
            if o { throw LimitExceeded(limit: "maxCollectionSize", value: String(limits.maxCollectionSize)) }
            try checkSize(total)
            try account(total)
            var items: [Value] = []
            items.reserveCapacity(total)
            for _ in 0..<(t.items.isEmpty ? 0 : times) { items.append(contentsOf: t.items) }
            return .tuple(TupleObject(items))
        default: return nil
        }
    }

    func unary(_ op: UnaryOperator, _ v: Value) throws -> Value {
        switch (op, v) {
        case (.not, _): return .bool(!v.isTruthy)
        case (.negate, .int(let i)):
            if i == Int64.min { throw PyError.overflow() }
            return .int(-i)
        case (.negate, .float(let d)): return .float(-d)
        case (.negate, .bool(let b)): return .int(b ? -1 : 0)
        case (.plus, .int), (.plus, .float): return v
        case (.plus, .bool(let b)): return .int(b ? 1 : 0)
        case (.invert, .int(let i)): return .int(~i)
        case (.invert, .bool(let b)): return .int(~(b ? 1 : 0))
        default:
            let sym = op == .negate ? "-" : (op == .plus ? "+" : "~")
            throw PyError.typeError("bad operand type for unary \(sym): '\(v.typeName)'")
        }
    }

    /// `item in container`
    func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .list(let l):
            for x in l.items where try itemsEqual(x, item) { return true }
            return false
        case .tuple(let t):
            for x in t.items where try itemsEqual(x, item) { return true }
            return false
        case .dict(let d):
            try checkHashable(item)
            return d.get(item) != nil
        case .set(let s):
            try checkHashable(item)
            return s.contains(item)
        case .str(let s):
            guard case .str(let sub) = item else {
                throw PyError.typeError("'in <string>' requires string as left operand, not \(item.typeName)")
            }
            return sub.isEmpty || s.contains(sub)
        case .range(let r):
            guard let i = item.intValue ?? item.numericValue.flatMap({ $0 == $0.rounded() && abs($0) < 9e18 ? Int64($0) : nil }) else { return false }
            return r.contains(i)
        case .iterator(let view as DictView) where view.mode == .keys:
            try checkHashable(item)
            return view.dict.get(item) != nil
        case .iterator, .host:
            let it = try iterate(container)
            while let x = try it.next() {
                if try pyEquals(x, item) { return true }
            }
            return false
        default:
            throw PyError.typeError("argument of type '\(container.typeName)' is not iterable")
        }
    }
}

extension Value {
    var isFloat: Bool { if case .float = self { return true } else { return false } }
}

// MARK: - Subscripts

/// Normalizes a Python index against `count`; nil if out of range.
@inline(__always)
func normalizeIndex(_ i: Int64, _ count: Int) -> Int? {
    let j = i < 0 ? i + Int64(count) : i
    return j >= 0 && j < Int64(count) ? Int(j) : nil
}

func indexValue(_ v: Value, _ what: String) throws -> Int64 {
    switch v {
    case .int(let i): return i
    case .bool(let b): return b ? 1 : 0
    default: throw PyError.typeError("\(what) indices must be integers or slices, not \(v.typeName)")
    }
}

/// The indices a slice selects: (start, step, count), as `slice.indices(len)` computes.
func sliceIndices(_ s: SliceObject, _ length: Int) throws -> (Int, Int, Int) {
    func bound(_ v: Value) throws -> Int64? {
        switch v {
        case .none: return nil
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: throw PyError.typeError("slice indices must be integers or None or have an __index__ method")
        }
    }
    let step = try bound(s.step) ?? 1
    if step == 0 { throw PyError.valueError("slice step cannot be zero") }
    let n = Int64(length)
    var start: Int64, stop: Int64
    if step > 0 {
        start = try bound(s.lower) ?? 0
        stop = try bound(s.upper) ?? n
        if start < 0 { start = max(0, start + n) } else { start = min(start, n) }
        if stop < 0 { stop = max(0, stop + n) } else { stop = min(stop, n) }
        let count = stop > start ? (stop - start - 1) / step + 1 : 0
        return (Int(start), Int(step), Int(count))
    } else {
        start = try bound(s.lower) ?? (n - 1)
        stop = try bound(s.upper) ?? -n - 1
        if start < 0 { start = max(-1, start + n) } else { start = min(start, n - 1) }
        if stop < 0 { stop = max(-1, stop + n) } else { stop = min(stop, n - 1) }
        let st = step == Int64.min ? Int64.max : -step
        let count = start > stop ? (start - stop - 1) / st + 1 : 0
        return (Int(start), Int(max(step, -Int64(Int.max))), Int(count))
    }
}

func sliceArray(_ items: [Value], _ s: SliceObject) throws -> [Value] {
    let (start, step, count) = try sliceIndices(s, items.count)
    if step == 1 { return Array(items[start..<(start + count)]) }
    var out: [Value] = []
    out.reserveCapacity(count)
    var i = start
    for _ in 0..<count { out.append(items[i]); i += step }
    return out
}

func getItem(_ container: Value, _ index: Value, _ rt: Runtime) throws -> Value {
    switch container {
    case .list(let l):
        if case .int(let i) = index {
            guard let j = normalizeIndex(i, l.items.count) else { throw PyError.indexError("list index out of range") }
            return l.items[j]
        }
        if case .slice(let s) = index { return .list(ListObject(try sliceArray(l.items, s))) }
        guard let j = normalizeIndex(try indexValue(index, "list"), l.items.count) else { throw PyError.indexError("list index out of range") }
        return l.items[j]
    case .tuple(let t):
        if case .slice(let s) = index { return .tuple(TupleObject(try sliceArray(t.items, s))) }
        guard let j = normalizeIndex(try indexValue(index, "tuple"), t.items.count) else { throw PyError.indexError("tuple index out of range") }
        return t.items[j]
    case .dict(let d):
        try checkHashable(index)
        guard let v = d.get(index) else { throw PyError.keyError(index) }
        return v
    case .str(let s):
        if case .slice(let sl) = index { return .str(sliceString(s, try sliceIndices(sl, s.unicodeScalars.count))) }
        let i = try indexValue(index, "string")
        if let c = asciiCharacter(s, i) { return .str(c) }
        let scalars = s.unicodeScalars
        guard let j = normalizeIndex(i, scalars.count) else { throw PyError.indexError("string index out of range") }
        return .str(String(scalars[scalars.index(scalars.startIndex, offsetBy: j)]))
    case .range(let r):
        if case .slice(let sl) = index {
            let n = r.count > Int64(Int32.max) ? Int(Int32.max) : Int(r.count)
            let (start, step, count) = try sliceIndices(sl, n)
            let s = r.element(Int64(start))
            let st = r.step &* Int64(step)
            return .range(RangeObject(start: s, stop: s &+ st &* Int64(count), step: st))
        }
        let i = try indexValue(index, "range")
        let j: UInt64
        if i < 0 {
            guard i.magnitude <= r.length else { throw PyError.indexError("range object index out of range") }
            j = r.length - i.magnitude
        } else {
            j = UInt64(i)
            guard j < r.length else { throw PyError.indexError("range object index out of range") }
        }
        return .int(r.element(j))
    case .host(let h):
        throw PyError.typeError("'\(h.type.name)' object is not subscriptable")
    default:
        throw PyError.typeError("'\(container.typeName)' object is not subscriptable")
    }
}

/// Fast `s[i]` for ASCII strings (UTF-8 offsets equal character offsets); nil otherwise.
@inline(__always)
func asciiCharacter(_ s: String, _ i: Int64) -> String? {
    let u = s.utf8
    guard isASCII(s), let j = normalizeIndex(i, u.count) else { return nil }
    return String(UnicodeScalar(u[u.index(u.startIndex, offsetBy: j)]))
}

func isASCII(_ s: String) -> Bool { s.utf8.allSatisfy { $0 < 0x80 } }

func sliceString(_ s: String, _ sel: (Int, Int, Int)) -> String {
    let (start, step, count) = sel
    if count == 0 { return "" }
    if isASCII(s) {
        let bytes = Array(s.utf8)
        var out = [UInt8]()
        out.reserveCapacity(count)
        var i = start
        for _ in 0..<count { out.append(bytes[i]); i += step }
        return String(decoding: out, as: UTF8.self)
    }
    let scalars = Array(s.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = start
    for _ in 0..<count { out.append(scalars[i]); i += step }
    return String(out)
}

extension Runtime {
    func setItem(_ container: Value, _ index: Value, _ value: Value) throws {
        switch container {
        case .list(let l):
            if case .slice(let s) = index {
                let (start, step, count) = try sliceIndices(s, l.items.count)
                let new = try collect(value)
                if step == 1 {
                    try checkSize(l.items.count - count + new.count)
                    l.items.replaceSubrange(start..<(start + count), with: new)
                } else {
                    guard new.count == count else {
                        throw PyError.valueError("attempt to assign sequence of size \(new.count) to extended slice of size \(count)")
                    }
                    var i = start
                    for v in new { l.items[i] = v; i += step }
                }
                return
            }
            guard let j = normalizeIndex(try indexValue(index, "list"), l.items.count) else {
                throw PyError.indexError("list assignment index out of range")
            }
            l.items[j] = value
        case .dict(let d):
            try checkHashable(index)
            if d.get(index) == nil { try checkSize(d.count + 1); try account(1) }
            d.set(index, value)
        case .tuple: throw PyError.typeError("'tuple' object does not support item assignment")
        case .str: throw PyError.typeError("'str' object does not support item assignment")
        default: throw PyError.typeError("'\(container.typeName)' object does not support item assignment")
        }
    }

    func deleteItem(_ container: Value, _ index: Value) throws {
        switch container {
        case .list(let l):
            if case .slice(let s) = index {
                let (start, step, count) = try sliceIndices(s, l.items.count)
                if step == 1 { l.items.removeSubrange(start..<(start + count)); return }
                var remove = Set<Int>()
                var i = start
                for _ in 0..<count { remove.insert(i); i += step }
                l.items = l.items.enumerated().filter { !remove.contains($0.offset) }.map { $0.element }
                return
            }
            guard let j = normalizeIndex(try indexValue(index, "list"), l.items.count) else {
                throw PyError.indexError("list assignment index out of range")
            }
            l.items.remove(at: j)
        case .dict(let d):
            try checkHashable(index)
            guard d.remove(index) != nil else { throw PyError.keyError(index) }
        default:
            throw PyError.typeError("'\(container.typeName)' object doesn't support item deletion")
        }
    }
}

// MARK: - Runtime helpers used by compiled code

extension Runtime {
    /// Any comparison operator.
    func compare(_ a: Value, _ op: CompareOperator, _ b: Value) throws -> Bool {
        switch op {
        case .equal: return try pyEquals(a, b)
        case .notEqual: return try !pyEquals(a, b)
        case .less, .lessEqual, .greater, .greaterEqual: return try pyCompare(a, b, op)
        case .in: return try contains(b, a)
        case .notIn: return try !contains(b, a)
        case .is: return a.isIdentical(to: b)
        case .isNot: return !a.isIdentical(to: b)
        }
    }

    /// `a op= b`: lists, sets and dicts are updated in place (so aliases see the change).
    func inplace(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch (op, a) {
        case (.add, .list(let l)):
            let extra = try collect(b)
            try checkSize(l.items.count + extra.count)
            try account(extra.count)
            l.items.append(contentsOf: extra)
            return a
        case (.multiply, .list(let l)):
            guard let n = b.intValue, !b.isFloat else { return try binary(op, a, b) }
            let (total, o) = l.items.count.multipliedReportingOverflow(by: max(0, Int(n)))
            if o { throw LimitExceeded(limit: "maxCollectionSize", value: String(limits.maxCollectionSize)) }
            try checkSize(total)
            try account(total)
            let original = l.items
            if n <= 0 { l.items.removeAll() } else { for _ in 1..<Int(n) { l.items.append(contentsOf: original) } }
            return a
        case (.bitOr, .set(let s)), (.bitAnd, .set(let s)), (.subtract, .set(let s)), (.bitXor, .set(let s)):
            guard case .set(let other) = b else { return try binary(op, a, b) }
            if s.frozen { return try binary(op, a, b) }
            let r = try setOperation(op, s, other)
            s.table = r.table
            return a
        case (.bitOr, .dict(let d)):
            guard case .dict(let other) = b else { return try binary(op, a, b) }
            for (k, v) in other.entries { d.set(k, v) }
            return a
        default:
            return try binary(op, a, b)
        }
    }

    /// The exception `raise v` raises: an exception instance, or a class instantiated with no args.
    func makeException(_ v: Value) throws -> ExceptionObject {
        switch v {
        case .exception(let e): return e
        case .type(let t) where t.isException: return ExceptionObject(t, args: [])
        default: throw PyError.typeError("exceptions must derive from BaseException")
        }
    }

    /// Does `except <spec>` catch `exc`? `spec` is a class or a tuple of classes.
    func exceptionMatches(_ exc: ExceptionObject, _ spec: Value) throws -> Bool {
        switch spec {
        case .type(let t) where t.isException: return exc.type.isSubtype(of: t)
        case .tuple(let t):
            for item in t.items where try exceptionMatches(exc, item) { return true }
            return false
        default:
            throw PyError.typeError("catching classes that do not inherit from BaseException is not allowed")
        }
    }

    func isIterable(_ v: Value) -> Bool {
        switch v {
        case .list, .tuple, .range, .str, .dict, .set, .iterator: return true
        default: return false
        }
    }

    /// Calls `body` with each item, without allocating an iterator for lists, tuples and ranges.
    func forEach(_ v: Value, _ body: (Value) throws -> Void) throws {
        switch v {
        case .range(let r):
            var x = r.start
            for _ in 0..<r.count {
                try tick()
                try body(.int(x))
                x &+= r.step
            }
        case .list(let l):
            var i = 0
            while i < l.items.count {
                try tick()
                try body(l.items[i])
                i += 1
            }
        case .tuple(let t):
            for x in t.items { try tick(); try body(x) }
        default:
            let it = try iterate(v)
            while let x = try it.next() { try tick(); try body(x) }
        }
    }
}
