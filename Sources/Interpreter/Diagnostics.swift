// Findings about a program's text: syntax errors from the lexer and parser, and the static
// checker's findings. Runtime errors are the evaluator's own type; this one is for everything
// found before a program runs.

/// One finding about a program, with the position it concerns.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Python exception name the finding corresponds to ("SyntaxError", "IndentationError",
    /// "NameError", ...), or "Refused" / "Checker" for findings only Loupe makes.
    public var kind: String
    public var message: String
    public var location: SourceLocation

    public init(kind: String, message: String, location: SourceLocation) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    public static func syntax(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(kind: "SyntaxError", message: message, location: location)
    }

    public static func indentation(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(kind: "IndentationError", message: message, location: location)
    }

    /// `LINE:COL: message`, the form `loupe check` prints and the controller reads.
    public var description: String { "\(location): \(message)" }
}
