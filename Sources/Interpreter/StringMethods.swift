// Methods of `str`, on Unicode scalars (Python's code points), with CPython's edge cases:
// `split()` on whitespace runs, `count("")`, `replace` with an empty pattern, `center`'s padding.

/// Python's `str.isspace` characters.
func isPythonSpace(_ u: Unicode.Scalar) -> Bool {
    switch u.value {
    case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
    default: return false
    }
}

private func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }
private func string<C: Sequence>(_ s: C) -> String where C.Element == Unicode.Scalar {
    var v = String.UnicodeScalarView()
    v.append(contentsOf: s)
    return String(v)
}

/// First index of `needle` in `hay[from..<to]`, by code point.
private func indexOf(_ hay: [Unicode.Scalar], _ needle: [Unicode.Scalar], from: Int, to: Int) -> Int? {
    if needle.isEmpty { return from <= to ? from : nil }
    if to - from < needle.count { return nil }
    let first = needle[0]
    var i = from
    while i <= to - needle.count {
        if hay[i] == first {
            var j = 1
            while j < needle.count && hay[i + j] == needle[j] { j += 1 }
            if j == needle.count { return i }
        }
        i += 1
    }
    return nil
}

private func lastIndexOf(_ hay: [Unicode.Scalar], _ needle: [Unicode.Scalar], from: Int, to: Int) -> Int? {
    if needle.isEmpty { return from <= to ? to : nil }
    if to - from < needle.count { return nil }
    var i = to - needle.count
    while i >= from {
        var j = 0
        while j < needle.count && hay[i + j] == needle[j] { j += 1 }
        if j == needle.count { return i }
        i -= 1
    }
    return nil
}

extension Runtime {
    func strMethod(_ s: String, _ m: BuiltinMethod, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        if m != .format && m != .split && m != .rsplit && m != .splitlines { try noKeywords(m, kwargs) }
        func str(_ v: Value) throws -> String {
            guard case .str(let x) = v else {
                throw PyError.typeError("must be str, not \(v.typeName)")
            }
            return x
        }
        func bounds(_ n: Int) throws -> (Int, Int) {
            func clamp(_ v: Value, _ d: Int) throws -> Int {
                if case .none = v { return d }
                guard let i = v.intValue else { throw PyError.typeError("slice indices must be integers or None or have an __index__ method") }
                let j = i < 0 ? i + Int64(n) : i
                return Int(min(max(j, 0), Int64(n)))
            }
            return (args.count > 1 ? try clamp(args[1], 0) : 0, args.count > 2 ? try clamp(args[2], n) : n)
        }
        switch m {
        case .lower: try exactly(m, args, 0); return .str(s.lowercased())
        case .upper: try exactly(m, args, 0); return .str(s.uppercased())
        case .casefold: try exactly(m, args, 0); return .str(s.lowercased())
        case .swapcase:
            try exactly(m, args, 0)
            return .str(string(s.unicodeScalars.flatMap { u -> [Unicode.Scalar] in
                if u.properties.isUppercase { return Array(String(u).lowercased().unicodeScalars) }
                if u.properties.isLowercase { return Array(String(u).uppercased().unicodeScalars) }
                return [u]
            }))
        case .strip, .lstrip, .rstrip:
            try between(m, args, 0, 1)
            let cs = scalars(s)
            var chars: Set<Unicode.Scalar>? = nil
            if let a = args.first, !a.isNone {
                guard case .str(let set) = a else { throw PyError.typeError("\(m.rawValue) arg must be None or str") }
                chars = Set(set.unicodeScalars)
            }
            func drop(_ u: Unicode.Scalar) -> Bool { chars.map { $0.contains(u) } ?? isPythonSpace(u) }
            var lo = 0, hi = cs.count
            if m != .rstrip { while lo < hi && drop(cs[lo]) { lo += 1 } }
            if m != .lstrip { while hi > lo && drop(cs[hi - 1]) { hi -= 1 } }
            return .str(string(cs[lo..<hi]))
        case .split, .rsplit:
            var sep: Value = args.count > 0 ? args[0] : .none
            var maxsplit: Int64 = args.count > 1 ? (args[1].intValue ?? -1) : -1
            if args.count > 2 { throw PyError.typeError("\(m.rawValue)() takes at most 2 arguments (\(args.count) given)") }
            for (k, v) in kwargs {
                if k == "sep" { sep = v } else if k == "maxsplit" {
                    guard let i = v.intValue else { throw PyError.typeError("'\(v.typeName)' object cannot be interpreted as an integer") }
                    maxsplit = i
                } else { throw PyError.typeError("\(m.rawValue)() got an unexpected keyword argument '\(k)'") }
            }
            let parts = try splitString(s, sep, maxsplit, fromRight: m == .rsplit)
            try account(parts.count)
            return .list(ListObject(parts.map { .str($0) }))
        case .splitlines:
            try between(m, args, 0, 1)
            var keep = args.first?.isTruthy ?? false
            for (k, v) in kwargs where k == "keepends" { keep = v.isTruthy }
            var out: [Value] = []
            var current = String.UnicodeScalarView()
            let cs = scalars(s)
            var i = 0
            while i < cs.count {
                let u = cs[i]
                switch u.value {
                case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
                    var end = String.UnicodeScalarView([u])
                    if u == "\r", i + 1 < cs.count, cs[i + 1] == "\n" { end.append("\n"); i += 1 }
                    if keep { current.append(contentsOf: end) }
                    out.append(.str(String(current)))
                    current = String.UnicodeScalarView()
                default: current.append(u)
                }
                i += 1
            }
            if !current.isEmpty { out.append(.str(String(current))) }
            return .list(ListObject(out))
        case .join:
            try exactly(m, args, 1)
            let items = try collect(args[0])
            var out = ""
            for (i, item) in items.enumerated() {
                guard case .str(let x) = item else {
                    throw PyError.typeError("sequence item \(i): expected str instance, \(item.typeName) found")
                }
                if i > 0 { out += s }
                out += x
                if out.utf8.count > limits.maxStringLength { try checkStringSize(out.utf8.count) }
            }
            return .str(out)
        case .replace:
            try between(m, args, 2, 3)
            let old = try str(args[0]), new = try str(args[1])
            var count = args.count > 2 ? (args[2].intValue ?? -1) : -1
            if count < 0 { count = Int64.max }
            if old.isEmpty {
                var out = String.UnicodeScalarView()
                var n: Int64 = 0
                for u in s.unicodeScalars {
                    if n < count { out.append(contentsOf: new.unicodeScalars); n += 1 }
                    out.append(u)
                }
                if n < count { out.append(contentsOf: new.unicodeScalars) }
                try checkStringSize(out.count)
                return .str(String(out))
            }
            let hay = scalars(s), needle = scalars(old), repl = scalars(new)
            var out: [Unicode.Scalar] = []
            var i = 0
            var n: Int64 = 0
            while i < hay.count {
                if n < count, let j = indexOf(hay, needle, from: i, to: hay.count) {
                    out.append(contentsOf: hay[i..<j]); out.append(contentsOf: repl)
                    i = j + needle.count; n += 1
                    if out.count > limits.maxStringLength { try checkStringSize(out.count) }
                } else {
                    out.append(contentsOf: hay[i...]); break
                }
            }
            return .str(string(out))
        case .startswith, .endswith:
            try between(m, args, 1, 3)
            let cs = scalars(s)
            let (lo, hi) = try bounds(cs.count)
            var prefixes: [String]
            switch args[0] {
            case .str(let p): prefixes = [p]
            case .tuple(let t):
                prefixes = try t.items.map { v in
                    guard case .str(let p) = v else { throw PyError.typeError("tuple for \(m.rawValue) must only contain str, not \(v.typeName)") }
                    return p
                }
            default:
                throw PyError.typeError("\(m.rawValue) first arg must be str or a tuple of str, not \(args[0].typeName)")
            }
            if lo > hi { return .false }
            let window = Array(cs[lo..<hi])
            for p in prefixes {
                let ps = scalars(p)
                if ps.count > window.count { continue }
                if m == .startswith ? window.starts(with: ps) : Array(window.suffix(ps.count)) == ps { return .true }
            }
            return .false
        case .find, .rfind, .index, .rindex:
            try between(m, args, 1, 3)
            let sub = try str(args[0])
            let cs = scalars(s)
            let (lo, hi) = try bounds(cs.count)
            let r = (m == .find || m == .index) ? indexOf(cs, scalars(sub), from: lo, to: hi) : lastIndexOf(cs, scalars(sub), from: lo, to: hi)
            if let r { return .int(Int64(r)) }
            if m == .index || m == .rindex { throw PyError.valueError("substring not found") }
            return .int(-1)
        case .count:
            try between(m, args, 1, 3)
            let sub = scalars(try str(args[0]))
            let cs = scalars(s)
            let (lo, hi) = try bounds(cs.count)
            if lo > hi { return .int(0) }
            if sub.isEmpty { return .int(Int64(hi - lo + 1)) }
            var n = 0, i = lo
            while let j = indexOf(cs, sub, from: i, to: hi) { n += 1; i = j + sub.count }
            return .int(Int64(n))
        case .format:
            return .str(try strFormat(s, args, kwargs, self))
        case .isdigit, .isnumeric, .isdecimal:
            try exactly(m, args, 0)
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { u in
                m == .isnumeric ? u.properties.numericType != nil : (u.properties.numericType == .decimal || (m == .isdigit && u.properties.numericType == .digit))
            })
        case .isalpha:
            try exactly(m, args, 0)
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic && $0.properties.numericType == nil && !isCombining($0) })
        case .isalnum:
            try exactly(m, args, 0)
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { ($0.properties.isAlphabetic && !isCombining($0)) || $0.properties.numericType != nil })
        case .isspace:
            try exactly(m, args, 0)
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy(isPythonSpace))
        case .isupper, .islower:
            try exactly(m, args, 0)
            var cased = false
            for u in s.unicodeScalars {
                if u.properties.isUppercase || u.properties.isLowercase {
                    cased = true
                    if m == .isupper ? u.properties.isLowercase : u.properties.isUppercase { return .false }
                }
            }
            return .bool(cased)
        case .istitle:
            try exactly(m, args, 0)
            var previousCased = false, any = false
            for u in s.unicodeScalars {
                if u.properties.isUppercase {
                    if previousCased { return .false }
                    previousCased = true; any = true
                } else if u.properties.isLowercase {
                    if !previousCased { return .false }
                    previousCased = true; any = true
                } else { previousCased = false }
            }
            return .bool(any)
        case .title:
            try exactly(m, args, 0)
            var out = ""
            var previousCased = false
            for u in s.unicodeScalars {
                let c = String(u)
                out += previousCased ? c.lowercased() : c.uppercased()
                previousCased = u.properties.isUppercase || u.properties.isLowercase || u.properties.isCased
            }
            return .str(out)
        case .capitalize:
            try exactly(m, args, 0)
            guard let first = s.unicodeScalars.first else { return .str("") }
            return .str(String(first).uppercased() + string(s.unicodeScalars.dropFirst()).lowercased())
        case .zfill:
            try exactly(m, args, 1)
            guard let w = args[0].intValue else { throw PyError.typeError("'\(args[0].typeName)' object cannot be interpreted as an integer") }
            let cs = scalars(s)
            if w <= Int64(cs.count) { return .str(s) }
            let pad = Int(w) - cs.count
            try checkStringSize(Int(w))
            let zeros = [Unicode.Scalar](repeating: "0", count: pad)
            if let f = cs.first, f == "+" || f == "-" { return .str(string([f] + zeros + cs.dropFirst())) }
            return .str(string(zeros + cs))
        case .center, .ljust, .rjust:
            try between(m, args, 1, 2)
            guard let w = args[0].intValue else { throw PyError.typeError("'\(args[0].typeName)' object cannot be interpreted as an integer") }
            var fill: Unicode.Scalar = " "
            if args.count > 1 {
                guard case .str(let f) = args[1], f.unicodeScalars.count == 1 else {
                    throw PyError.typeError("The fill character must be exactly one character long")
                }
                fill = f.unicodeScalars.first!
            }
            let n = s.unicodeScalars.count
            if w <= Int64(n) { return .str(s) }
            let marg = Int(w) - n
            try checkStringSize(Int(w))
            let left: Int
            switch m {
            case .ljust: left = 0
            case .rjust: left = marg
            default: left = marg / 2 + (marg & Int(w) & 1)
            }
            return .str(string([Unicode.Scalar](repeating: fill, count: left)) + s + string([Unicode.Scalar](repeating: fill, count: marg - left)))
        case .partition, .rpartition:
            try exactly(m, args, 1)
            let sep = try str(args[0])
            if sep.isEmpty { throw PyError.valueError("empty separator") }
            let cs = scalars(s), ss = scalars(sep)
            let found = m == .partition ? indexOf(cs, ss, from: 0, to: cs.count) : lastIndexOf(cs, ss, from: 0, to: cs.count)
            guard let i = found else {
                return .tuple(TupleObject(m == .partition ? [.str(s), .str(""), .str("")] : [.str(""), .str(""), .str(s)]))
            }
            return .tuple(TupleObject([.str(string(cs[..<i])), .str(sep), .str(string(cs[(i + ss.count)...]))]))
        case .removeprefix:
            try exactly(m, args, 1)
            let p = try str(args[0])
            return .str(s.hasPrefix(p) && !p.isEmpty ? string(s.unicodeScalars.dropFirst(p.unicodeScalars.count)) : s)
        case .removesuffix:
            try exactly(m, args, 1)
            let p = try str(args[0])
            return .str(s.hasSuffix(p) && !p.isEmpty ? string(s.unicodeScalars.dropLast(p.unicodeScalars.count)) : s)
        case .expandtabs:
            try between(m, args, 0, 1)
            let size = Int(args.first?.intValue ?? 8)
            var out = String.UnicodeScalarView()
            var column = 0
            for u in s.unicodeScalars {
                if u == "\t" {
                    if size > 0 {
                        let n = size - column % size
                        out.append(contentsOf: [Unicode.Scalar](repeating: " ", count: n)); column += n
                    }
                } else if u == "\n" || u == "\r" { out.append(u); column = 0 } else { out.append(u); column += 1 }
            }
            return .str(String(out))
        default:
            throw PyError.attributeError("'str' object has no attribute '\(m.rawValue)'")
        }
    }

    private func isCombining(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    func splitString(_ s: String, _ sep: Value, _ maxsplit: Int64, fromRight: Bool) throws -> [String] {
        let cs = scalars(s)
        let limit = maxsplit < 0 ? Int.max : Int(maxsplit)
        if case .none = sep {
            var parts: [String] = []
            if !fromRight {
                var i = 0
                while i < cs.count {
                    while i < cs.count && isPythonSpace(cs[i]) { i += 1 }
                    if i >= cs.count { break }
                    if parts.count == limit {
                        var end = cs.count
                        while end > i && isPythonSpace(cs[end - 1]) { end -= 1 }
                        parts.append(string(cs[i..<end])); break
                    }
                    let start = i
                    while i < cs.count && !isPythonSpace(cs[i]) { i += 1 }
                    parts.append(string(cs[start..<i]))
                }
                return parts
            }
            var i = cs.count
            while i > 0 {
                while i > 0 && isPythonSpace(cs[i - 1]) { i -= 1 }
                if i <= 0 { break }
                if parts.count == limit {
                    var start = 0
                    while start < i && isPythonSpace(cs[start]) { start += 1 }
                    parts.append(string(cs[start..<i])); break
                }
                let end = i
                while i > 0 && !isPythonSpace(cs[i - 1]) { i -= 1 }
                parts.append(string(cs[i..<end]))
            }
            return parts.reversed()
        }
        guard case .str(let sepString) = sep else { throw PyError.typeError("must be str or None, not \(sep.typeName)") }
        let ss = scalars(sepString)
        if ss.isEmpty { throw PyError.valueError("empty separator") }
        var parts: [String] = []
        if !fromRight {
            var i = 0
            while parts.count < limit, let j = indexOf(cs, ss, from: i, to: cs.count) {
                parts.append(string(cs[i..<j])); i = j + ss.count
            }
            parts.append(string(cs[i...]))
            return parts
        }
        var end = cs.count
        while parts.count < limit, let j = lastIndexOf(cs, ss, from: 0, to: end) {
            parts.append(string(cs[(j + ss.count)..<end])); end = j
        }
        parts.append(string(cs[..<end]))
        return parts.reversed()
    }
}
