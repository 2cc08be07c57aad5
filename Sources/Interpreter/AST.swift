// The syntax tree of Loupe's language, modelled on CPython's `ast` module: a program that parses
// here means what the same text means to CPython. Every node carries the position of its first
// character; the parser produces it, the checker reads it, the evaluator compiles it.

/// A position in the program text. Both numbers are 1-based (line 1, column 1 is the first character).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A whole program: the statements of its top level.
public struct Module: Sendable {
    public var body: [Stmt]
    public init(body: [Stmt]) { self.body = body }
}

// MARK: - Statements

public struct Stmt: Sendable {
    public var kind: StmtKind
    public var location: SourceLocation
    public init(_ kind: StmtKind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

public indirect enum StmtKind: Sendable {
    case expression(Expr)
    /// `a = b = value`: one or more targets, assigned left to right.
    case assign(targets: [Expr], value: Expr)
    case augmentedAssign(target: Expr, op: BinaryOperator, value: Expr)
    /// `x: int = 3`; the annotation is parsed and ignored.
    case annotatedAssign(target: Expr, annotation: Expr, value: Expr?)
    case functionDef(FunctionDef)
    case `return`(Expr?)
    case `if`(test: Expr, body: [Stmt], orElse: [Stmt])
    case `for`(target: Expr, iterable: Expr, body: [Stmt], orElse: [Stmt])
    case `while`(test: Expr, body: [Stmt], orElse: [Stmt])
    case `break`
    case `continue`
    case pass
    case assert(test: Expr, message: Expr?)
    case `try`(body: [Stmt], handlers: [ExceptHandler], orElse: [Stmt], finally: [Stmt])
    case raise(exception: Expr?, cause: Expr?)
    case delete(targets: [Expr])
    /// `import a.b as c, d`
    case `import`([ImportName])
    /// `from module import a as b, c`
    case importFrom(module: String, names: [ImportName])
    /// A construct Python has and Loupe refuses (`class`, `global`, `with`, decorators, ...).
    /// The parser keeps going past it so the checker can report every finding at once;
    /// `construct` names it as the error message will ("class definitions", "'global'", ...).
    case refused(construct: String)
}

public struct FunctionDef: Sendable {
    public var name: String
    public var parameters: Parameters
    public var body: [Stmt]
    /// The first statement's string, when the body starts with one.
    public var docstring: String?
    public var returnAnnotation: Expr?
    public init(name: String, parameters: Parameters, body: [Stmt], docstring: String?, returnAnnotation: Expr?) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.docstring = docstring
        self.returnAnnotation = returnAnnotation
    }
}

/// A parameter list: `def f(a, b=1, *args, c, d=2, **kwargs)`.
public struct Parameters: Sendable {
    public struct Parameter: Sendable {
        public var name: String
        public var defaultValue: Expr?
        public var annotation: Expr?
        public var location: SourceLocation
        public init(name: String, defaultValue: Expr?, annotation: Expr?, location: SourceLocation) {
            self.name = name
            self.defaultValue = defaultValue
            self.annotation = annotation
            self.location = location
        }
    }
    /// Positional-or-keyword parameters, in order (positional-only `/` markers are accepted and folded in).
    public var positional: [Parameter]
    /// `*args`
    public var varArgs: Parameter?
    /// Keyword-only parameters (after `*` or `*args`).
    public var keywordOnly: [Parameter]
    /// `**kwargs`
    public var varKeywords: Parameter?
    public init(positional: [Parameter] = [], varArgs: Parameter? = nil, keywordOnly: [Parameter] = [], varKeywords: Parameter? = nil) {
        self.positional = positional
        self.varArgs = varArgs
        self.keywordOnly = keywordOnly
        self.varKeywords = varKeywords
    }
}

public struct ExceptHandler: Sendable {
    /// The exception type expression (`ValueError`, `(KeyError, IndexError)`), nil for a bare `except:`.
    public var type: Expr?
    /// `as name`
    public var name: String?
    public var body: [Stmt]
    public var location: SourceLocation
    public init(type: Expr?, name: String?, body: [Stmt], location: SourceLocation) {
        self.type = type
        self.name = name
        self.body = body
        self.location = location
    }
}

public struct ImportName: Sendable {
    public var name: String
    public var alias: String?
    public init(name: String, alias: String?) {
        self.name = name
        self.alias = alias
    }
}

// MARK: - Expressions

public struct Expr: Sendable {
    public var kind: ExprKind
    public var location: SourceLocation
    public init(_ kind: ExprKind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

public indirect enum ExprKind: Sendable {
    case name(String)
    case constant(Constant)
    /// An f-string (adjacent literals already joined): literal text and formatted fields in order.
    case formattedString([FStringPart])
    case unary(UnaryOperator, Expr)
    case binary(Expr, BinaryOperator, Expr)
    /// `a and b and c` / `a or b`: two or more operands.
    case boolean(BooleanOperator, [Expr])
    /// `a < b <= c`: the first operand, then each operator with its right operand.
    case compare(Expr, [Comparison])
    /// `body if test else orElse`
    case conditional(test: Expr, body: Expr, orElse: Expr)
    /// `name := value`
    case namedExpr(name: String, value: Expr)
    case call(Expr, [Argument])
    case attribute(Expr, String)
    case `subscript`(Expr, Expr)
    /// Only inside a subscript: `a[lower:upper:step]`.
    case slice(lower: Expr?, upper: Expr?, step: Expr?)
    case list([Expr])
    case tuple([Expr])
    case set([Expr])
    /// `{k: v, **other}`: a nil key marks a `**other` entry.
    case dict([DictEntry])
    /// `*x` in a call, a display or an assignment target.
    case starred(Expr)
    case lambda(Parameters, Expr)
    case listComprehension(Expr, [Comprehension])
    case setComprehension(Expr, [Comprehension])
    case dictComprehension(key: Expr, value: Expr, [Comprehension])
    case generator(Expr, [Comprehension])
    /// A construct Python has and Loupe refuses inside an expression (`yield`, `await`).
    case refused(construct: String)
}

public enum Constant: Sendable, Equatable {
    case none
    case bool(Bool)
    /// Integer literals that do not fit 64 bits are a parse error ("integer literal too large").
    case int(Int64)
    case float(Double)
    case string(String)
    /// `...`
    case ellipsis
}

public enum FStringPart: Sendable {
    case literal(String)
    /// `{value!conversion:spec}`; the spec may itself hold fields (`{x:{width}}`). For `{x = }`,
    /// `selfDocumenting` is the text shown before the value ("x = "), and, as in CPython's tree,
    /// `conversion` is already "r" when the field has neither a conversion nor a spec.
    case field(value: Expr, conversion: Character?, spec: [FStringPart]?, selfDocumenting: String?)
}

public enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+", invert = "~", not = "not"
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%", power = "**"
    case leftShift = "<<", rightShift = ">>", bitAnd = "&", bitOr = "|", bitXor = "^", matrixMultiply = "@"
}

public enum BooleanOperator: String, Sendable {
    case and, or
}

public enum CompareOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in` = "in", notIn = "not in", `is` = "is", isNot = "is not"
}

public struct Comparison: Sendable {
    public var op: CompareOperator
    public var right: Expr
    public init(op: CompareOperator, right: Expr) {
        self.op = op
        self.right = right
    }
}

public enum Argument: Sendable {
    case positional(Expr)
    case keyword(name: String, value: Expr, location: SourceLocation)
    /// `*iterable`
    case unpack(Expr)
    /// `**mapping`
    case unpackKeywords(Expr)
}

public struct DictEntry: Sendable {
    public var key: Expr?
    public var value: Expr
    public init(key: Expr?, value: Expr) {
        self.key = key
        self.value = value
    }
}

/// One `for target in iterable if cond ...` clause of a comprehension.
public struct Comprehension: Sendable {
    public var target: Expr
    public var iterable: Expr
    public var conditions: [Expr]
    public init(target: Expr, iterable: Expr, conditions: [Expr]) {
        self.target = target
        self.iterable = iterable
        self.conditions = conditions
    }
}
