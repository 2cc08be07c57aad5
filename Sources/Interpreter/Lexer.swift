// Python 3 tokenization: the lexer turns program text into the tokens CPython's tokenizer would
// produce (NEWLINE, INDENT, DEDENT, names, numbers, strings, operators), with the same errors.
// It stops at the first error and ends the token list with an `.error` token, so the parser reports
// whichever error comes first in the text, as CPython does.

public struct Token: Sendable {
    public var kind: TokenKind
    public var location: SourceLocation
}

public enum TokenKind: Sendable {
    case name(String)
    /// An integer literal's value; nil when it does not fit 64 unsigned bits. The parser decides
    /// whether it fits Loupe's signed 64-bit ints (`-9223372036854775808` does).
    case integer(UInt64?, text: String)
    case float(Double)
    case string(StringLiteral)
    case op(String)
    case newline
    case indent
    case dedent
    case endOfFile
    case error(Diagnostic)
}

public struct StringLiteral: Sendable {
    /// The decoded text; for an f-string, empty (the parser reads `body`).
    public var value: String
    public var isFormatted: Bool
    public var isRaw: Bool
    /// An f-string's text between its quotes, undecoded, and where that text starts.
    public var body: [Unicode.Scalar]
    public var bodyStart: SourceLocation
}

public struct Lexer {
    /// Brackets nest at most this deep, as in CPython ("too many nested parentheses").
    public static let maximumBracketDepth = 200
    /// Blocks nest at most this deep, as in CPython ("too many levels of indentation").
    public static let maximumIndentationDepth = 100

    private let text: [Unicode.Scalar]
    private var index = 0
    private var line: Int
    /// The index in `text` where the current line starts, so that column = index - lineStart + 1.
    private var lineStart: Int
    private var tokens: [Token] = []
    private var brackets: [(Unicode.Scalar, SourceLocation)] = []
    private var indents: [(width: Int, tabsAsOne: Int)] = [(0, 0)]
    private let tracksIndentation: Bool

    /// Tokenizes a whole program.
    public static func tokenize(_ source: String) -> [Token] {
        var scalars = Array(source.unicodeScalars)
        // A UTF-8 byte order mark is not part of the program, as in CPython.
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var lexer = Lexer(text: scalars, start: SourceLocation(line: 1, column: 1), tracksIndentation: true)
        return lexer.run()
    }

    /// Tokenizes an f-string's expression, given with the position of its first character; it is
    /// read as if inside brackets (no NEWLINE, INDENT or DEDENT).
    static func tokenizeEmbedded(_ text: [Unicode.Scalar], at start: SourceLocation) -> [Token] {
        var lexer = Lexer(text: text, start: start, tracksIndentation: false)
        return lexer.run()
    }

    private init(text: [Unicode.Scalar], start: SourceLocation, tracksIndentation: Bool) {
        self.text = text
        self.line = start.line
        self.lineStart = 1 - start.column
        self.tracksIndentation = tracksIndentation
    }

    private var location: SourceLocation { SourceLocation(line: line, column: index - lineStart + 1) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let position = index + offset
        return position < text.count ? text[position] : nil
    }

    private mutating func run() -> [Token] {
        do {
            try scanAll()
        } catch let diagnostic as Diagnostic {
            tokens.append(Token(kind: .error(diagnostic), location: diagnostic.location))
        } catch {
            preconditionFailure("the lexer throws only diagnostics")
        }
        return tokens
    }

    private mutating func add(_ kind: TokenKind, at location: SourceLocation) {
        tokens.append(Token(kind: kind, location: location))
    }

    private var lastIsLineEnd: Bool {
        guard let last = tokens.last else { return true }
        switch last.kind {
        case .newline, .indent, .dedent: return true
        default: return false
        }
    }

    private mutating func scanAll() throws {
        var atLineStart = tracksIndentation
        while true {
            if atLineStart {
                atLineStart = false
                if try scanIndentation() { continue }
            }
            guard let c = peek() else { break }
            switch c {
            case " ", "\t", "\u{0C}":
                index += 1
            case "#":
                while let d = peek(), d != "\n", d != "\r" { index += 1 }
            case "\n", "\r":
                let here = location
                consumeLineBreak()
                if brackets.isEmpty && tracksIndentation {
                    if !lastIsLineEnd { add(.newline, at: here) }
                    atLineStart = true
                }
            case "\\":
                index += 1
                if peek() == "\n" || peek() == "\r" {
                    consumeLineBreak()
                    if peek() == nil { throw Diagnostic.syntax("unexpected EOF while parsing", at: location) }
                } else if peek() == nil {
                    throw Diagnostic.syntax("unexpected EOF while parsing", at: location)
                } else {
                    throw Diagnostic.syntax("unexpected character after line continuation character", at: location)
                }
            case "'", "\"":
                try scanString(prefix: "", at: location)
            case "0"..."9":
                try scanNumber()
            case ".":
                if let d = peek(1), ("0"..."9").contains(d) { try scanNumber() } else { try scanOperator() }
            default:
                if isIdentifierStart(c) {
                    try scanNameOrPrefixedString()
                } else {
                    try scanOperator()
                }
            }
        }
        try finish()
    }

    private mutating func consumeLineBreak() {
        if peek() == "\r" && peek(1) == "\n" { index += 1 }
        index += 1
        line += 1
        lineStart = index
    }

    /// Measures the indentation of a new line and emits INDENT/DEDENT. Returns true when the line
    /// is blank or holds only a comment (such lines do not count for indentation).
    private mutating func scanIndentation() throws -> Bool {
        var width = 0
        var tabsAsOne = 0
        while let c = peek() {
            if c == " " {
                width += 1; tabsAsOne += 1
            } else if c == "\t" {
                width = (width / 8 + 1) * 8; tabsAsOne += 1
            } else if c == "\u{0C}" {
                width = 0; tabsAsOne = 0
            } else {
                break
            }
            index += 1
        }
        guard let c = peek() else { return false }
        if c == "#" || c == "\n" || c == "\r" { return false }
        if c == "\\" && (peek(1) == "\n" || peek(1) == "\r") { return false }
        let here = location
        let current = indents[indents.count - 1]
        if width == current.width {
            if tabsAsOne != current.tabsAsOne { throw inconsistentTabs(at: here) }
        } else if width > current.width {
            if tabsAsOne <= current.tabsAsOne { throw inconsistentTabs(at: here) }
            if indents.count > Lexer.maximumIndentationDepth {
                throw Diagnostic.indentation("too many levels of indentation", at: here)
            }
            indents.append((width, tabsAsOne))
            add(.indent, at: here)
        } else {
            while indents.count > 1 && width < indents[indents.count - 1].width {
                indents.removeLast()
                add(.dedent, at: here)
            }
            if width != indents[indents.count - 1].width {
                // CPython points just past the end of the offending line.
                var end = index
                while end < text.count && text[end] != "\n" && text[end] != "\r" { end += 1 }
                throw Diagnostic.indentation("unindent does not match any outer indentation level",
                                             at: SourceLocation(line: line, column: end - lineStart + 1))
            }
            if tabsAsOne != indents[indents.count - 1].tabsAsOne { throw inconsistentTabs(at: here) }
        }
        return false
    }

    private func inconsistentTabs(at location: SourceLocation) -> Diagnostic {
        Diagnostic(kind: "TabError", message: "inconsistent use of tabs and spaces in indentation",
                   location: SourceLocation(line: location.line, column: 1))
    }

    private mutating func finish() throws {
        if let (open, at) = brackets.last {
            throw Diagnostic.syntax("'\(open)' \(Lexer.neverClosed)", at: at)
        }
        var end = location
        if tracksIndentation {
            // As CPython, the tokens that close the file sit where its last line ended.
            if case .newline = tokens.last?.kind { end = tokens[tokens.count - 1].location }
            if !lastIsLineEnd { add(.newline, at: end) }
            while indents.count > 1 {
                indents.removeLast()
                add(.dedent, at: end)
            }
        }
        add(.endOfFile, at: end)
    }

    private static let neverClosed = "was never closed"

    /// The one lexer error the parser may report differently: a bracket still open at the end.
    static func isUnclosedBracket(_ diagnostic: Diagnostic) -> Bool {
        diagnostic.message.hasSuffix(neverClosed)
    }

    // MARK: Names

    private func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        return c.properties.isXIDStart
    }

    private func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) }
        return c.properties.isXIDContinue
    }

    private mutating func scanNameOrPrefixedString() throws {
        let start = location
        let begin = index
        while let c = peek(), isIdentifierContinue(c) { index += 1 }
        let name = String(String.UnicodeScalarView(text[begin..<index]))
        if let quote = peek(), quote == "'" || quote == "\"", name.count <= 2,
           ["r", "u", "f", "b", "rf", "fr", "rb", "br"].contains(name.lowercased()) {
            try scanString(prefix: name.lowercased(), at: start)
            return
        }
        add(.name(name), at: start)
    }

    // MARK: Operators

    /// Operators by their first character, longest first, so the longest match wins.
    private static let operators: [Unicode.Scalar: [[Unicode.Scalar]]] = Dictionary(grouping: [
        "**=", "//=", ">>=", "<<=", "...",
        "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
        "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">",
        "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
    ].map { Array($0.unicodeScalars) }, by: { $0[0] }).mapValues { $0.sorted { $0.count > $1.count } }

    private mutating func scanOperator() throws {
        let start = location
        for scalars in Lexer.operators[text[index]] ?? [] where matches(scalars) {
            index += scalars.count
            let first = scalars[0]
            let op = String(String.UnicodeScalarView(scalars))
            switch op {
            case "(", "[", "{":
                if brackets.count >= Lexer.maximumBracketDepth {
                    throw Diagnostic.syntax("too many nested parentheses", at: start)
                }
                brackets.append((first, start))
            case ")", "]", "}":
                guard let (open, openLocation) = brackets.popLast() else {
                    throw Diagnostic.syntax("unmatched '\(op)'", at: start)
                }
                let expected: Unicode.Scalar = open == "(" ? ")" : open == "[" ? "]" : "}"
                if first != expected {
                    let sameLine = openLocation.line == start.line ? "" : " on line \(openLocation.line)"
                    throw Diagnostic.syntax("closing parenthesis '\(op)' does not match opening parenthesis '\(open)'\(sameLine)", at: start)
                }
            default:
                break
            }
            add(.op(op), at: start)
            return
        }
        let c = text[index]
        if c == "!" {
            throw Diagnostic.syntax("invalid syntax", at: start)
        }
        let code = String(c.value, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
        if c.value < 0x20 || c.value == 0x7F || (c.value >= 0x80 && c.value < 0xA0) {
            throw Diagnostic.syntax("invalid non-printable character U+\(padded)", at: start)
        }
        if c.isASCII {
            throw Diagnostic.syntax("invalid syntax", at: start)
        }
        throw Diagnostic.syntax("invalid character '\(c)' (U+\(padded))", at: start)
    }

    private func matches(_ scalars: [Unicode.Scalar]) -> Bool {
        for (offset, scalar) in scalars.enumerated() where peek(offset) != scalar {
            return false
        }
        return true
    }

    // MARK: Numbers

    private func isDigit(_ c: Unicode.Scalar?, radix: Int) -> Bool {
        guard let c, c.isASCII else { return false }
        switch radix {
        case 2: return c == "0" || c == "1"
        case 8: return ("0"..."7").contains(c)
        case 16: return ("0"..."9").contains(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
        default: return ("0"..."9").contains(c)
        }
    }

    /// Digits with single underscores between them; returns the digits without underscores.
    private mutating func scanDigits(radix: Int, kind: String, allowLeadingUnderscore: Bool = false) throws -> String {
        var digits = ""
        var previousWasUnderscore = false
        var sawDigit = false
        while let c = peek() {
            if isDigit(c, radix: radix) {
                digits.unicodeScalars.append(c)
                previousWasUnderscore = false
                sawDigit = true
            } else if c == "_" && (sawDigit || allowLeadingUnderscore) && !previousWasUnderscore && isDigit(peek(1), radix: radix) {
                previousWasUnderscore = true
            } else if c == "_" {
                throw Diagnostic.syntax("invalid \(kind) literal", at: location)
            } else {
                break
            }
            index += 1
        }
        return digits
    }

    private mutating func scanNumber() throws {
        let start = location
        let begin = index
        if peek() == "0", let p = peek(1), "xXoObB".unicodeScalars.contains(p) {
            let (radix, kind): (Int, String) = p == "x" || p == "X" ? (16, "hexadecimal") : p == "o" || p == "O" ? (8, "octal") : (2, "binary")
            index += 2
            let digits = try scanDigits(radix: radix, kind: kind, allowLeadingUnderscore: true)
            if let c = peek(), isDigit(c, radix: 10), radix != 16 {
                throw Diagnostic.syntax("invalid digit '\(c)' in \(kind) literal", at: location)
            }
            if digits.isEmpty {
                throw Diagnostic.syntax("invalid \(kind) literal", at: SourceLocation(line: line, column: start.column + 1))
            }
            try checkEndOfNumber(kind: kind, start: start)
            add(.integer(UInt64(digits, radix: radix), text: String(String.UnicodeScalarView(text[begin..<index]))), at: start)
            return
        }
        var literal = ""
        var isFloat = false
        if peek() != "." {
            literal = try scanDigits(radix: 10, kind: "decimal")
        }
        if peek() == "." {
            isFloat = true
            index += 1
            literal += "."
            if isDigit(peek(), radix: 10) { literal += try scanDigits(radix: 10, kind: "decimal") }
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let hasSign = sign == "+" || sign == "-"
            if isDigit(peek(hasSign ? 2 : 1), radix: 10) {
                isFloat = true
                index += hasSign ? 2 : 1
                literal += "e" + (sign == "-" ? "-" : "") + (try scanDigits(radix: 10, kind: "decimal"))
            } else {
                throw Diagnostic.syntax("invalid decimal literal", at: start)
            }
        }
        if let j = peek(), j == "j" || j == "J" {
            throw Diagnostic.syntax("imaginary numbers (like '\(literal)j') are not supported in Loupe", at: start)
        }
        try checkEndOfNumber(kind: "decimal", start: start)
        if isFloat {
            let value = Double(literal.hasPrefix(".") ? "0" + literal : literal) ?? .infinity
            add(.float(value), at: start)
        } else {
            if literal.count > 1 && literal.hasPrefix("0") && literal.contains(where: { $0 != "0" }) {
                throw Diagnostic.syntax("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", at: start)
            }
            add(.integer(UInt64(literal), text: literal), at: start)
        }
    }

    /// A number must not run into a name (`1abc`), except the keywords CPython tolerates there (`1if x else 2`).
    private func checkEndOfNumber(kind: String, start: SourceLocation) throws {
        guard let c = peek(), isIdentifierContinue(c) else { return }
        for keyword in ["and", "else", "for", "if", "in", "is", "not", "or"] where matches(Array(keyword.unicodeScalars)) {
            return
        }
        throw Diagnostic.syntax("invalid \(kind) literal", at: start)
    }

    // MARK: Strings

    private mutating func scanString(prefix: String, at start: SourceLocation) throws {
        if prefix.contains("b") {
            throw Diagnostic.syntax("bytes literals are not supported in Loupe; use a str", at: start)
        }
        let isRaw = prefix.contains("r")
        let isFormatted = prefix.contains("f")
        let quote = text[index]
        let isTriple = peek(1) == quote && peek(2) == quote
        index += isTriple ? 3 : 1
        let bodyStart = location
        let bodyBegin = index
        var bodyEnd = index
        while true {
            guard let c = peek() else {
                let kind = isTriple ? "unterminated triple-quoted string literal" : "unterminated string literal"
                let lastLine = index > 0 && (text[index - 1] == "\n" || text[index - 1] == "\r") ? line - 1 : line
                throw Diagnostic.syntax("\(kind) (detected at line \(lastLine))", at: start)
            }
            if c == "\\" {
                index += 1
                if peek() == "\n" || peek() == "\r" { consumeLineBreak() } else if peek() != nil { index += 1 }
                continue
            }
            if c == "\n" || c == "\r" {
                if !isTriple {
                    throw Diagnostic.syntax("unterminated string literal (detected at line \(line))", at: start)
                }
                consumeLineBreak()
                continue
            }
            if c == quote && (!isTriple || (peek(1) == quote && peek(2) == quote)) {
                bodyEnd = index
                index += isTriple ? 3 : 1
                break
            }
            index += 1
        }
        let body = Array(text[bodyBegin..<bodyEnd])
        if isFormatted {
            add(.string(StringLiteral(value: "", isFormatted: true, isRaw: isRaw, body: body, bodyStart: bodyStart)), at: start)
        } else {
            let value = isRaw ? Lexer.normalizeLineBreaks(body) : try Lexer.decodeEscapes(body, at: location)
            add(.string(StringLiteral(value: value, isFormatted: false, isRaw: isRaw, body: [], bodyStart: bodyStart)), at: start)
        }
    }

    static func normalizeLineBreaks(_ body: ArraySlice<Unicode.Scalar>) -> String {
        var result = String.UnicodeScalarView()
        var i = body.startIndex
        while i < body.endIndex {
            if body[i] == "\r" {
                result.append("\n")
                if i + 1 < body.endIndex && body[i + 1] == "\n" { i += 1 }
            } else {
                result.append(body[i])
            }
            i += 1
        }
        return String(result)
    }

    static func normalizeLineBreaks(_ body: [Unicode.Scalar]) -> String {
        normalizeLineBreaks(body[...])
    }

    /// Decodes Python's backslash escapes. `location` is the literal's, for error messages.
    static func decodeEscapes(_ body: [Unicode.Scalar], at location: SourceLocation) throws -> String {
        try decodeEscapes(body[...], at: location)
    }

    static func decodeEscapes(_ body: ArraySlice<Unicode.Scalar>, at location: SourceLocation) throws -> String {
        var result = String.UnicodeScalarView()
        var i = body.startIndex
        func hexValue(count: Int, escape: String) throws -> UInt32 {
            var value: UInt32 = 0
            for offset in 0..<count {
                let position = i + 1 + offset
                guard position < body.endIndex, let digit = Int(String(body[position]), radix: 16) else {
                    // Positions are UTF-8 byte offsets in the literal's text, from the backslash.
                    let from = body[body.startIndex..<(i - 1)].reduce(0) { $0 + UTF8.width($1) }
                    let range = "\(from)-\(from + offset + 1)"
                    throw Diagnostic.syntax("(unicode error) 'unicodeescape' codec can't decode bytes in position \(range): truncated \\\(escape) escape", at: location)
                }
                value = value * 16 + UInt32(digit)
            }
            i += count
            return value
        }
        func appendCodePoint(_ value: UInt32) throws {
            guard let scalar = Unicode.Scalar(value) else {
                if value >= 0xD800 && value <= 0xDFFF {
                    throw Diagnostic.syntax("surrogate code points (\\u\(String(value, radix: 16))) are not supported in Loupe strings", at: location)
                }
                throw Diagnostic.syntax("(unicode error) 'unicodeescape' codec can't decode bytes: illegal Unicode character", at: location)
            }
            result.append(scalar)
        }
        while i < body.endIndex {
            let c = body[i]
            if c == "\r" {
                result.append("\n")
                if i + 1 < body.endIndex && body[i + 1] == "\n" { i += 1 }
                i += 1
                continue
            }
            guard c == "\\", i + 1 < body.endIndex else {
                result.append(c)
                i += 1
                continue
            }
            i += 1
            let e = body[i]
            switch e {
            case "\n": break
            case "\r": if i + 1 < body.endIndex && body[i + 1] == "\n" { i += 1 }
            case "\\": result.append("\\")
            case "'": result.append("'")
            case "\"": result.append("\"")
            case "a": result.append("\u{07}")
            case "b": result.append("\u{08}")
            case "f": result.append("\u{0C}")
            case "n": result.append("\n")
            case "r": result.append("\r")
            case "t": result.append("\t")
            case "v": result.append("\u{0B}")
            case "0"..."7":
                var value = UInt32(e.value - 48)
                var digits = 1
                while digits < 3, i + 1 < body.endIndex, ("0"..."7").contains(body[i + 1]) {
                    i += 1
                    value = value * 8 + (body[i].value - 48)
                    digits += 1
                }
                try appendCodePoint(value)
            case "x": try appendCodePoint(try hexValue(count: 2, escape: "xXX"))
            case "u": try appendCodePoint(try hexValue(count: 4, escape: "uXXXX"))
            case "U": try appendCodePoint(try hexValue(count: 8, escape: "UXXXXXXXX"))
            case "N":
                throw Diagnostic.syntax("\\N{...} escapes are not supported in Loupe; write the character itself or use \\u", at: location)
            default:
                // Python keeps unknown escapes as written (with a warning).
                result.append("\\")
                result.append(e)
            }
            i += 1
        }
        return String(result)
    }
}
