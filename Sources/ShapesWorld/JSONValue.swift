/// JSON written by Loupe's own writer: keys in the order given (never a Dictionary's order), numbers
/// as integers or halves (`.half(225)` is 112.5), so files are byte-identical on every machine.
indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number given times two: 225 is written 112.5, 224 is written 112.
    case half(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// One line, no spaces (for JSON Lines).
    var compact: String {
        var out = ""
        write(to: &out, indent: nil, depth: 0)
        return out
    }

    /// Two-space indentation; arrays of scalars stay on one line.
    var pretty: String {
        var out = ""
        write(to: &out, indent: "  ", depth: 0)
        return out + "\n"
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    private func write(to out: inout String, indent: String?, depth: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .half(let doubled):
            let whole = doubled / 2, odd = doubled % 2 != 0
            if odd {
                out += (doubled < 0 && whole == 0 ? "-0" : String(whole)) + ".5"
            } else {
                out += String(whole)
            }
        case .string(let value): JSONValue.writeString(value, to: &out)
        case .array(let elements):
            if elements.isEmpty { out += "[]"; return }
            guard let indent, !elements.allSatisfy(\.isScalar) else {
                out += "["
                for (index, element) in elements.enumerated() {
                    if index > 0 { out += indent == nil ? "," : ", " }
                    element.write(to: &out, indent: indent, depth: depth + 1)
                }
                out += "]"
                return
            }
            out += "[\n"
            for (index, element) in elements.enumerated() {
                out += String(repeating: indent, count: depth + 1)
                element.write(to: &out, indent: indent, depth: depth + 1)
                out += index + 1 < elements.count ? ",\n" : "\n"
            }
            out += String(repeating: indent, count: depth) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            guard let indent else {
                out += "{"
                for (index, (key, value)) in members.enumerated() {
                    if index > 0 { out += "," }
                    JSONValue.writeString(key, to: &out)
                    out += ":"
                    value.write(to: &out, indent: nil, depth: depth + 1)
                }
                out += "}"
                return
            }
            out += "{\n"
            for (index, (key, value)) in members.enumerated() {
                out += String(repeating: indent, count: depth + 1)
                JSONValue.writeString(key, to: &out)
                out += ": "
                value.write(to: &out, indent: indent, depth: depth + 1)
                out += index + 1 < members.count ? ",\n" : "\n"
            }
            out += String(repeating: indent, count: depth) + "}"
        }
    }

    private static func writeString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
