// Text forms of numbers exactly as CPython writes them: `repr(float)` (shortest round-trip,
// switching to exponent form outside 1e-4 ..< 1e16), the format-spec mini-language used by
// f-strings, `format()` and `str.format`, and printf-style `%` formatting.
import Foundation

/// `repr(x)` / `str(x)` for a float.
func floatRepr(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
    let (negative, digits, decpt) = shortestDigits(d)
    var s = negative ? "-" : ""
    let n = digits.count
    if decpt > 16 || decpt <= -4 {
        s.append(digits[digits.startIndex])
        if n > 1 { s += "." + digits.dropFirst() }
        let e = decpt - 1
        s += e < 0 ? "e-" : "e+"
        let mag = String(abs(e))
        s += mag.count < 2 ? "0" + mag : mag
        return s
    }
    if decpt <= 0 {
        s += "0." + String(repeating: "0", count: -decpt) + digits
    } else if decpt >= n {
        s += digits + String(repeating: "0", count: decpt - n) + ".0"
    } else {
        let i = digits.index(digits.startIndex, offsetBy: decpt)
        s += digits[..<i] + "." + digits[i...]
    }
    return s
}

/// The shortest round-trip digits of `d` (Swift's `description` computes them) and the decimal
/// point position: value = 0.DIGITS × 10^decpt.
private func shortestDigits(_ d: Double) -> (Bool, String, Int) {
    var text = d.description
    var negative = false
    if text.hasPrefix("-") { negative = true; text.removeFirst() }
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        exponent = Int(text[text.index(after: e)...]) ?? 0
        text = String(text[..<e])
    }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let intPart = String(parts[0])
    let fracPart = parts.count > 1 ? String(parts[1]) : ""
    var all = Array(intPart + fracPart)
    var decpt = intPart.count + exponent
    while let f = all.first, f == "0" { all.removeFirst(); decpt -= 1 }
    while let l = all.last, l == "0" { all.removeLast() }
    if all.isEmpty { return (negative, "0", 1) }
    return (negative, String(all), decpt)
}

/// C printf of one double (glibc rounds correctly, as CPython does).
func cFormat(_ format: String, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 512)
    let n = withVaList([value]) { vsnprintf(&buffer, 512, format, $0) }
    if n >= 512 {
        buffer = [CChar](repeating: 0, count: Int(n) + 1)
        _ = withVaList([value]) { vsnprintf(&buffer, Int(n) + 1, format, $0) }
    }
    return String(cString: buffer)
}

/// A parsed format spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
struct FormatSpec {
    var fill: Character = " "
    var align: Character? = nil
    var sign: Character = "-"
    var alternate = false
    var zeroPad = false
    var width = 0
    var grouping: Character? = nil
    var precision: Int? = nil
    var type: Character? = nil

    init(_ spec: String) throws {
        var chars = Array(spec)
        var i = 0
        func isAlign(_ c: Character) -> Bool { c == "<" || c == ">" || c == "^" || c == "=" }
        if chars.count >= 2 && isAlign(chars[1]) {
            fill = chars[0]; align = chars[1]; i = 2
        } else if let c = chars.first, isAlign(c) {
            align = c; i = 1
        }
        if i < chars.count, "+- ".contains(chars[i]) { sign = chars[i]; i += 1 }
        if i < chars.count, chars[i] == "z" { i += 1 }
        if i < chars.count, chars[i] == "#" { alternate = true; i += 1 }
        if i < chars.count, chars[i] == "0" {
            zeroPad = true
            if align == nil { fill = "0"; align = "=" }
            i += 1
        }
        var w = ""
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { w.append(chars[i]); i += 1 }
        if !w.isEmpty {
            guard let v = Int(w) else { throw PyError.valueError("Too many decimal digits in format string") }
            width = v
        }
        if i < chars.count, chars[i] == "," || chars[i] == "_" { grouping = chars[i]; i += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            var p = ""
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { p.append(chars[i]); i += 1 }
            guard !p.isEmpty else { throw PyError.valueError("Format specifier missing precision") }
            guard let v = Int(p) else { throw PyError.valueError("Too many decimal digits in format string") }
            precision = v
        }
        if i < chars.count { type = chars[i]; i += 1 }
        if i < chars.count {
            chars = Array(spec)
            throw PyError.valueError("Invalid format specifier '\(spec)' for object of type '%T'")
        }
    }

    func pad(_ body: String, defaultAlign: Character, signPrefix: String = "") -> String {
        let full = signPrefix + body
        let length = full.unicodeScalars.count
        guard width > length else { return full }
        let padding = width - length
        switch align ?? defaultAlign {
        case "<": return full + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + full + String(repeating: fill, count: padding - left)
        case "=": return signPrefix + String(repeating: fill, count: padding) + body
        default: return String(repeating: fill, count: padding) + full
        }
    }
}

/// Inserts a separator every three digits of the integer part of `digits` (which has no sign).
func groupDigits(_ digits: String, _ separator: Character, every: Int = 3) -> String {
    let intEnd = digits.firstIndex(where: { !$0.isNumber && !$0.isLetter }) ?? digits.endIndex
    let intPart = Array(digits[..<intEnd])
    var out: [Character] = []
    for (i, c) in intPart.enumerated() {
        if i > 0 && (intPart.count - i) % every == 0 { out.append(separator) }
        out.append(c)
    }
    return String(out) + digits[intEnd...]
}

/// `format(value, spec)` for built-in values.
func formatValue(_ value: Value, _ specText: String, _ rt: Runtime?) throws -> String {
    if specText.isEmpty { return try strString(value, rt) }
    var spec: FormatSpec
    do { spec = try FormatSpec(specText) } catch let e as PyError {
        let m = e.exception.message(rt).replacingOccurrences(of: "%T", with: value.typeName)
        throw PyError.valueError(m)
    }
    let maxLength = rt?.limits.maxStringLength ?? Limits.default.maxStringLength
    if spec.width > maxLength || (spec.precision ?? 0) > maxLength {
        throw LimitExceeded(limit: "maxStringLength", value: String(maxLength))
    }
    switch value {
    case .int, .bool:
        let i = value.intValue!
        if let t = spec.type, "eEfFgG%".contains(t) { return try formatFloat(Double(i), spec, rt) }
        return try formatInt(i, spec, value)
    case .float(let d):
        return try formatFloat(d, spec, rt)
    case .str(let s):
        if let t = spec.type, t != "s" {
            throw PyError.valueError("Unknown format code '\(t)' for object of type 'str'")
        }
        if spec.sign != "-" { throw PyError.valueError("Sign not allowed in string format specifier") }
        if spec.align == "=" { throw PyError.valueError("'=' alignment not allowed in string format specifier") }
        var body = s
        if let p = spec.precision, s.unicodeScalars.count > p {
            body = String(String.UnicodeScalarView(s.unicodeScalars.prefix(p)))
        }
        return spec.pad(body, defaultAlign: "<")
    default:
        if specText.isEmpty { return try strString(value, rt) }
        throw PyError.typeError("unsupported format string passed to \(value.typeName).__format__")
    }
}

private func formatInt(_ i: Int64, _ spec: FormatSpec, _ value: Value) throws -> String {
    if spec.precision != nil { throw PyError.valueError("Precision not allowed in integer format specifier") }
    let magnitude = i.magnitude
    var digits: String
    var prefix = ""
    switch spec.type {
    case nil, "d", "n": digits = String(magnitude)
    case "x": digits = String(magnitude, radix: 16); prefix = spec.alternate ? "0x" : ""
    case "X": digits = String(magnitude, radix: 16).uppercased(); prefix = spec.alternate ? "0X" : ""
    case "o": digits = String(magnitude, radix: 8); prefix = spec.alternate ? "0o" : ""
    case "b": digits = String(magnitude, radix: 2); prefix = spec.alternate ? "0b" : ""
    case "c":
        guard i >= 0, i <= 0x10FFFF, let u = Unicode.Scalar(UInt32(i)) else {
            throw PyError(.overflowError, "%c arg not in range(0x110000)")
        }
        return spec.pad(String(Character(u)), defaultAlign: "<")
    case let t?:
        throw PyError.valueError("Unknown format code '\(t)' for object of type '\(value.typeName)'")
    }
    if let g = spec.grouping {
        let every = (spec.type == nil || spec.type == "d" || spec.type == "n") ? 3 : 4
        if spec.zeroPad && spec.width > 0 {
            // Zero padding is grouped too: `format(5, "08,")` is "0,000,005".
            let signWidth = (i < 0 || spec.sign != "-") ? 1 : 0
            var d = digits
            while groupDigits(d, g, every: every).count + prefix.count + signWidth < spec.width { d = "0" + d }
            digits = d
        }
        digits = groupDigits(digits, g, every: every)
    }
    let sign = i < 0 ? "-" : (spec.sign == "+" ? "+" : (spec.sign == " " ? " " : ""))
    return spec.pad(digits, defaultAlign: ">", signPrefix: sign + prefix)
}

private func formatFloat(_ d: Double, _ spec: FormatSpec, _ rt: Runtime?) throws -> String {
    var body: String
    let negative = d.sign == .minus && !d.isNaN
    let m = abs(d)
    var type = spec.type
    if let t = type, !"eEfFgG%n".contains(t) {
        throw PyError.valueError("Unknown format code '\(t)' for object of type 'float'")
    }
    if type == nil && spec.precision == nil {
        body = floatRepr(m)
    } else {
        if type == "n" { type = "g" }
        let precision = spec.precision ?? 6
        let alt = spec.alternate ? "#" : ""
        switch type {
        case "%":
            body = m.isFinite ? cFormat("%\(alt).\(precision)f", m * 100) + "%" : floatRepr(m) + "%"
        case nil:
            // Like 'g' but keeps at least one digit after the point when fixed-point is used.
            body = cFormat("%\(alt).\(max(precision, 1))g", m)
            if m.isFinite, !body.contains("."), !body.contains("e") { body += ".0" }
        case let t?:
            body = cFormat("%\(alt).\(precision)\(t)", m)
        }
        if !m.isFinite {
            body = m.isNaN ? "nan" : "inf"
            if type == "F" || type == "E" || type == "G" { body = body.uppercased() }
            if type == "%" { body += "%" }
        }
    }
    if let g = spec.grouping, m.isFinite { body = groupDigits(body, g) }
    let sign = negative ? "-" : (spec.sign == "+" ? "+" : (spec.sign == " " ? " " : ""))
    if spec.zeroPad && spec.align == "=" && !m.isFinite {
        var s = spec
        s.fill = " "
        return s.pad(body, defaultAlign: ">", signPrefix: sign)
    }
    return spec.pad(body, defaultAlign: ">", signPrefix: sign)
}

/// `fmt % args` for strings.
func percentFormat(_ format: String, _ args: Value, _ rt: Runtime) throws -> String {
    var values: [Value]
    var mapping: DictObject? = nil
    switch args {
    case .tuple(let t): values = t.items
    case .dict(let d): values = [args]; mapping = d
    default: values = [args]
    }
    var next = 0
    var out = ""
    let chars = Array(format.unicodeScalars)
    var i = 0
    func take() throws -> Value {
        guard next < values.count else { throw PyError.typeError("not enough arguments for format string") }
        defer { next += 1 }
        return values[next]
    }
    while i < chars.count {
        let c = chars[i]
        if c != "%" { out.unicodeScalars.append(c); i += 1; continue }
        i += 1
        guard i < chars.count else { throw PyError.valueError("incomplete format") }
        var key: String? = nil
        if chars[i] == "(" {
            var depth = 1
            var k = ""
            i += 1
            while i < chars.count {
                if chars[i] == "(" { depth += 1 } else if chars[i] == ")" { depth -= 1; if depth == 0 { break } }
                k.unicodeScalars.append(chars[i]); i += 1
            }
            i += 1
            key = k
        }
        var flags = ""
        while i < chars.count, "-+ #0".unicodeScalars.contains(chars[i]) { flags.unicodeScalars.append(chars[i]); i += 1 }
        var width = ""
        if i < chars.count, chars[i] == "*" {
            width = try strString(take(), rt); i += 1
        } else {
            while i < chars.count, chars[i].properties.numericType != nil, chars[i].isASCII { width.unicodeScalars.append(chars[i]); i += 1 }
        }
        var precision: String? = nil
        if i < chars.count, chars[i] == "." {
            i += 1
            var p = ""
            while i < chars.count, chars[i].properties.numericType != nil, chars[i].isASCII { p.unicodeScalars.append(chars[i]); i += 1 }
            precision = p.isEmpty ? "0" : p
        }
        guard i < chars.count else { throw PyError.valueError("incomplete format") }
        let conv = chars[i]
        i += 1
        if conv == "%" { out += "%"; continue }
        let arg: Value
        if let key {
            guard let m = mapping else { throw PyError.typeError("format requires a mapping") }
            guard let v = m.get(.str(key)) else { throw PyError.keyError(.str(key)) }
            arg = v
        } else {
            arg = try take()
        }
        let leftAlign = flags.contains("-")
        var specText = leftAlign ? "<" : ""
        if flags.contains("+") { specText += "+" } else if flags.contains(" ") { specText += " " }
        if flags.contains("#") { specText += "#" }
        if flags.contains("0") && !leftAlign { specText += "0" }
        specText += width
        var piece: String
        switch conv {
        case "s", "r", "a":
            var s = conv == "s" ? try strString(arg, rt) : try reprString(arg, rt)
            if let p = precision, let n = Int(p), s.unicodeScalars.count > n {
                s = String(String.UnicodeScalarView(s.unicodeScalars.prefix(n)))
            }
            piece = s
            if let w = Int(width), w > s.unicodeScalars.count {
                let pad = String(repeating: " ", count: w - s.unicodeScalars.count)
                piece = leftAlign ? s + pad : pad + s
            }
            out += piece
            continue
        case "d", "i", "u":
            let n: Int64
            switch arg {
            case .int(let v): n = v
            case .bool(let b): n = b ? 1 : 0
            case .float(let f):
                guard f.isFinite else { throw PyError(.overflowError, "cannot convert float infinity to integer") }
                n = Int64(f.rounded(.towardZero))
            default: throw PyError.typeError("%\(conv) format: a real number is required, not \(arg.typeName)")
            }
            piece = try formatValue(.int(n), specText + "d", rt)
        case "x", "X", "o":
            guard let n = arg.intValue else {
                throw PyError.typeError("%\(conv) format: an integer is required, not \(arg.typeName)")
            }
            piece = try formatValue(.int(n), specText + String(conv), rt)
        case "f", "F", "e", "E", "g", "G":
            guard let d = arg.doubleValue else {
                throw PyError.typeError("must be real number, not \(arg.typeName)")
            }
            piece = try formatValue(.float(d), specText + "." + (precision ?? "6") + String(conv), rt)
        case "c":
            if case .str(let s) = arg, s.unicodeScalars.count == 1 { piece = s } else if let n = arg.intValue {
                piece = try formatValue(.int(n), "c", rt)
            } else { throw PyError.typeError("%c requires int or char") }
        default:
            throw PyError.valueError("unsupported format character '\(conv)' (0x\(String(conv.value, radix: 16))) at index \(i - 1)")
        }
        out += piece
    }
    if mapping == nil && next < values.count {
        throw PyError.typeError("not all arguments converted during string formatting")
    }
    return out
}

/// `template.format(*args, **kwargs)`.
func strFormat(_ template: String, _ args: [Value], _ kwargs: [(String, Value)], _ rt: Runtime) throws -> String {
    var out = ""
    let chars = Array(template)
    var i = 0
    var auto = 0
    var usedManual = false, usedAuto = false
    while i < chars.count {
        let c = chars[i]
        if c == "{" {
            if i + 1 < chars.count, chars[i + 1] == "{" { out.append("{"); i += 2; continue }
            var depth = 1
            var field = ""
            i += 1
            while i < chars.count {
                if chars[i] == "{" { depth += 1 } else if chars[i] == "}" { depth -= 1; if depth == 0 { break } }
                field.append(chars[i]); i += 1
            }
            guard i < chars.count else { throw PyError.valueError("expected '}' before end of string") }
            i += 1
            // field: name[!conv][:spec]
            var name = field
            var spec = ""
            var conversion: Character? = nil
            if let colon = firstTopLevel(":", in: field) {
                name = String(field[..<colon])
                spec = String(field[field.index(after: colon)...])
            }
            if let bang = name.firstIndex(of: "!") {
                let conv = name[name.index(after: bang)...]
                guard conv.count == 1 else { throw PyError.valueError("expected ':' after conversion specifier") }
                conversion = conv.first
                name = String(name[..<bang])
            }
            if spec.contains("{") { spec = try strFormat(spec, args, kwargs, rt) }
            // Split `name` into the first part and accessors (`.attr`, `[key]`).
            var head = name
            var rest = ""
            if let cut = name.firstIndex(where: { $0 == "." || $0 == "[" }) {
                head = String(name[..<cut]); rest = String(name[cut...])
            }
            var value: Value
            if head.isEmpty {
                if usedManual { throw PyError.valueError("cannot switch from manual field specification to automatic field numbering") }
                usedAuto = true
                guard auto < args.count else {
                    throw PyError.indexError("Replacement index \(auto) out of range for positional args tuple")
                }
                value = args[auto]; auto += 1
            } else if let n = Int(head) {
                if usedAuto { throw PyError.valueError("cannot switch from automatic field numbering to manual field specification") }
                usedManual = true
                guard n >= 0, n < args.count else {
                    throw PyError.indexError("Replacement index \(n) out of range for positional args tuple")
                }
                value = args[n]
            } else {
                guard let kv = kwargs.first(where: { $0.0 == head }) else { throw PyError.keyError(.str(head)) }
                value = kv.1
            }
            while !rest.isEmpty {
                if rest.hasPrefix("[") {
                    guard let close = rest.firstIndex(of: "]") else { throw PyError.valueError("Missing ']' in format string") }
                    let key = String(rest[rest.index(after: rest.startIndex)..<close])
                    value = try getItem(value, Int64(key).map { .int($0) } ?? .str(key), rt)
                    rest = String(rest[rest.index(after: close)...])
                } else {
                    rest.removeFirst()
                    let end = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? rest.endIndex
                    let attr = String(rest[..<end])
                    value = try rt.getAttribute(value, attr)
                    rest = String(rest[end...])
                }
            }
            if conversion == "r" || conversion == "a" { value = .str(try reprString(value, rt)) } else if conversion == "s" { value = .str(try strString(value, rt)) } else if let cv = conversion {
                throw PyError.valueError("Unknown conversion specifier \(cv)")
            }
            out += try formatValue(value, spec, rt)
        } else if c == "}" {
            if i + 1 < chars.count, chars[i + 1] == "}" { out.append("}"); i += 2; continue }
            throw PyError.valueError("Single '}' encountered in format string")
        } else {
            out.append(c); i += 1
        }
    }
    return out
}

private func firstTopLevel(_ ch: Character, in s: String) -> String.Index? {
    var depth = 0
    var i = s.startIndex
    while i < s.endIndex {
        let c = s[i]
        if c == "[" { depth += 1 } else if c == "]" { depth -= 1 } else if c == ch && depth == 0 { return i }
        i = s.index(after: i)
    }
    return nil
}
