import XCTest
@testable import Interpreter

/// Tokens, positions and literal values, checked against what CPython's tokenizer produces.
final class LexerTests: XCTestCase {
    private func kinds(_ source: String) -> [String] {
        Lexer.tokenize(source).map { token in
            switch token.kind {
            case .name(let n): return "name \(n)"
            case .integer(let v, _): return "int \(v.map(String.init) ?? "overflow")"
            case .float(let d): return "float \(d)"
            case .string(let s): return s.isFormatted ? "fstring" : "string \(s.value.debugDescription)"
            case .op(let o): return o
            case .newline: return "NEWLINE"
            case .indent: return "INDENT"
            case .dedent: return "DEDENT"
            case .endOfFile: return "EOF"
            case .error(let d): return "error \(d.location): \(d.message)"
            }
        }
    }

    private func value(_ literal: String) throws -> String {
        let module = try Parser.parse("x = " + literal)
        guard case .assign(_, let value) = module.body[0].kind, case .constant(.string(let s)) = value.kind else {
            XCTFail("not a string constant: \(literal)")
            return ""
        }
        return s
    }

    func testIndentationProducesIndentAndDedentTokens() {
        XCTAssertEqual(kinds("if x:\n    y\n    if z:\n        w\nv\n"), [
            "name if", "name x", ":", "NEWLINE", "INDENT", "name y", "NEWLINE", "name if", "name z", ":", "NEWLINE",
            "INDENT", "name w", "NEWLINE", "DEDENT", "DEDENT", "name v", "NEWLINE", "EOF",
        ])
    }

    func testBlankLinesCommentsAndBracketsDoNotEndLines() {
        XCTAssertEqual(kinds("x = (1,\n\n  2)  # c\n\n# only\n   \ny = [\n]\n"), [
            "name x", "=", "(", "int 1", ",", "int 2", ")", "NEWLINE", "name y", "=", "[", "]", "NEWLINE", "EOF",
        ])
    }

    func testBackslashJoinsLines() {
        XCTAssertEqual(kinds("x = 1 + \\\n    2\n"), ["name x", "=", "int 1", "+", "int 2", "NEWLINE", "EOF"])
    }

    func testTabsIndentToMultiplesOfEight() {
        XCTAssertEqual(kinds("if x:\n\ty\n\tz\n"), ["name if", "name x", ":", "NEWLINE", "INDENT", "name y", "NEWLINE", "name z", "NEWLINE", "DEDENT", "EOF"])
    }

    func testPositionsAreOneBasedLineAndColumn() {
        let tokens = Lexer.tokenize("a = 1\n  \nif b:\n    c(d, 'e')\n")
        let positions = tokens.map { "\($0.location)" }
        XCTAssertEqual(positions, ["1:1", "1:3", "1:5", "1:6", "3:1", "3:4", "3:5", "3:6", "4:5", "4:5", "4:6", "4:7", "4:8", "4:10", "4:13", "4:14", "4:14", "4:14"])
    }

    func testColumnsCountCharactersNotBytes() {
        let tokens = Lexer.tokenize("s = 'é日本' + x\n")
        XCTAssertEqual(tokens[3].location, SourceLocation(line: 1, column: 11))
        XCTAssertEqual(tokens[4].location, SourceLocation(line: 1, column: 13))
    }

    func testNumberForms() {
        XCTAssertEqual(kinds("0 10 0x1F 0o17 0b101 1_000 0XdeAD_beef 0x_ff 0o_7 0b_1_0 9223372036854775807 18446744073709551616"),
                       ["int 0", "int 10", "int 31", "int 15", "int 5", "int 1000", "int 3735928559", "int 255", "int 7", "int 2",
                        "int 9223372036854775807", "int overflow", "NEWLINE", "EOF"])
        XCTAssertEqual(kinds("0x__f").last, "error 1:3: invalid hexadecimal literal")
        XCTAssertEqual(kinds("1__0").last, "error 1:2: invalid decimal literal")
        XCTAssertEqual(kinds("1.5 .5 1. 1e10 1.5e-3 1_0.2_5 1E+5 0e0 00.5"),
                       ["float 1.5", "float 0.5", "float 1.0", "float 10000000000.0", "float 0.0015", "float 10.25", "float 100000.0", "float 0.0", "float 0.5", "NEWLINE", "EOF"])
    }

    func testImaginaryNumbersAreRefusedClearly() {
        XCTAssertThrowsError(try Parser.parse("x = 2j\n")) { error in
            XCTAssertEqual("\(error)", "1:5: imaginary numbers (like '2j') are not supported in Loupe")
        }
    }

    func testIntegerLiteralsBeyond64BitsAreAnError() throws {
        XCTAssertThrowsError(try Parser.parse("x = 9223372036854775808\n")) { error in
            XCTAssertEqual("\(error)", "1:5: integer literal too large: Loupe's integers are 64-bit (at most 9223372036854775807)")
        }
        XCTAssertThrowsError(try Parser.parse("x = 0x1_0000_0000_0000_0000_0000\n"))
        let module = try Parser.parse("x = -9223372036854775808\n")
        guard case .assign(_, let value) = module.body[0].kind, case .constant(.int(let v)) = value.kind else { return XCTFail("not folded") }
        XCTAssertEqual(v, Int64.min)
        XCTAssertThrowsError(try Parser.parse("x = -9223372036854775808 ** 2\n"))
    }

    func testStringEscapes() throws {
        XCTAssertEqual(try value(#"'\n\t\\\'\"\a\b\f\v\r'"#), "\n\t\\'\"\u{07}\u{08}\u{0C}\u{0B}\r")
        XCTAssertEqual(try value(#"'\x41\u00e9\U0001F600\101\0\7'"#), "Aé😀A\u{0}\u{07}")
        XCTAssertEqual(try value(#"'keep \q \d'"#), #"keep \q \d"#)
        XCTAssertEqual(try value("'a\\\nb'"), "ab")
    }

    func testRawTripleAndPrefixedStrings() throws {
        XCTAssertEqual(try value(#"r'\n\d'"#), #"\n\d"#)
        XCTAssertEqual(try value(#"R"\t""#), #"\t"#)
        XCTAssertEqual(try value("'''a\n'b'\n\"c\"'''"), "a\n'b'\n\"c\"")
        XCTAssertEqual(try value("\"\"\"x\"\"\""), "x")
        XCTAssertEqual(try value("u'x'"), "x")
        XCTAssertEqual(try value("'a' \"b\" '''c'''"), "abc")
        XCTAssertEqual(try value(#"r'\''"#), #"\'"#)
    }

    func testBytesAndNamedEscapesAreRefusedClearly() {
        XCTAssertThrowsError(try Parser.parse("x = b'abc'\n")) { error in
            XCTAssertEqual("\(error)", "1:5: bytes literals are not supported in Loupe; use a str")
        }
        XCTAssertThrowsError(try Parser.parse("x = rb'abc'\n"))
        XCTAssertThrowsError(try Parser.parse(#"x = '\N{BULLET}'"#)) { error in
            XCTAssertTrue("\(error)".contains("\\N{...} escapes are not supported in Loupe"), "\(error)")
        }
        XCTAssertThrowsError(try Parser.parse(#"x = '\ud800'"#)) { error in
            XCTAssertTrue("\(error)".contains("surrogate"), "\(error)")
        }
    }

    func testStringPrefixesAreNamesWithoutAQuote() {
        XCTAssertEqual(kinds("rb = f + u\n"), ["name rb", "=", "name f", "+", "name u", "NEWLINE", "EOF"])
    }

    func testLexerErrorsCarryPositions() {
        XCTAssertEqual(kinds("x = 'abc\n").last, "error 1:5: unterminated string literal (detected at line 1)")
        XCTAssertEqual(kinds("x = (\n").last, "error 1:5: '(' was never closed")
        XCTAssertEqual(kinds("x = ]\n").last, "error 1:5: unmatched ']'")
        XCTAssertEqual(kinds("x = 1 $ 2\n").last, "error 1:7: invalid syntax")
        XCTAssertEqual(kinds("x = 1 → 2\n").last, "error 1:7: invalid character '→' (U+2192)")
    }

    func testBracketNestingIsLimited() {
        XCTAssertEqual(kinds(String(repeating: "(", count: 201)).last, "error 1:201: too many nested parentheses")
    }

    func testByteOrderMarkAndLineEndingsAreHandledAsCPythonDoes() {
        XCTAssertEqual(kinds("\u{FEFF}x = 1\r\ny = 2\rz\u{0C} = 3"), [
            "name x", "=", "int 1", "NEWLINE", "name y", "=", "int 2", "NEWLINE", "name z", "=", "int 3", "NEWLINE", "EOF",
        ])
        XCTAssertEqual(Lexer.tokenize("\u{FEFF}x")[0].location, SourceLocation(line: 1, column: 1))
    }
}
