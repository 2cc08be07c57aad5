// A recursive-descent parser for Loupe's Python subset, following the structure of CPython's
// grammar (one function per precedence level). Constructs Loupe refuses are parsed into
// `.refused` nodes so the checker can report every one of them; real syntax errors stop parsing
// with a `Diagnostic` carrying CPython's message and the line:column.
//
// Hostile input must never overflow the stack: bracket nesting is bounded by the lexer, recursive
// expression nesting by `maximumNestingDepth`, binary-operator chains are parsed by loops, and the
// depth of the finished tree is bounded by `maximumTreeDepth` so later passes can recurse safely.

public struct Parser {
    /// Recursion guard for nested expressions (`a if b else a if b else ...`, `2**2**2...`);
    /// above the lexer's bracket limit, so that every bracket nesting CPython accepts parses.
    public static let maximumNestingDepth = 250
    /// No statement's tree may be deeper than this; the checker and evaluator recurse over trees.
    public static let maximumTreeDepth = 1000

    private static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
        "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
        "with", "yield",
    ]

    private var tokens: [Token]
    private var position = 0
    private var depth: Int
    private var functionDepth = 0
    private var loopDepth = 0
    private var formatSpecDepth = 0
    private let stack: StackGuard

    /// Parses a whole program. Throws the first syntax error as a `Diagnostic`.
    public static func parse(_ source: String) throws -> Module {
        let tokens = Lexer.tokenize(source)
        // As CPython: an error the tokenizer finds anywhere in the text wins over a parse error,
        // except a bracket left open at the end, which explains only errors after its line.
        var unclosed: Diagnostic?
        if case .error(let diagnostic) = tokens.last?.kind {
            guard Lexer.isUnclosedBracket(diagnostic) else { throw diagnostic }
            unclosed = diagnostic
        }
        var parser = Parser(tokens: tokens, depth: 0, stack: StackGuard())
        do {
            return try parser.parseModule()
        } catch let diagnostic as Diagnostic {
            let failedAt = max(diagnostic.location, parser.current.location)
            if let unclosed, failedAt > unclosed.location, failedAt.line > unclosed.location.line {
                throw unclosed
            }
            throw diagnostic
        }
    }

    private init(tokens: [Token], depth: Int, stack: StackGuard) {
        self.tokens = tokens
        self.depth = depth
        self.stack = stack
    }

    // MARK: Token access

    private var current: Token { tokens[position] }
    private var next: Token { tokens[min(position + 1, tokens.count - 1)] }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    private func isOp(_ op: String, _ token: Token? = nil) -> Bool {
        if case .op(let o) = (token ?? current).kind { return o == op }
        return false
    }

    private func isKeyword(_ keyword: String, _ token: Token? = nil) -> Bool {
        if case .name(let n) = (token ?? current).kind { return n == keyword }
        return false
    }

    private var isNewline: Bool {
        if case .newline = current.kind { return true }
        return false
    }

    private var isEnd: Bool {
        if case .endOfFile = current.kind { return true }
        return false
    }

    private mutating func accept(_ op: String) -> Bool {
        if isOp(op) { advance(); return true }
        return false
    }

    private mutating func acceptKeyword(_ keyword: String) -> Bool {
        if isKeyword(keyword) { advance(); return true }
        return false
    }

    /// The error to report at the current token: the lexer's own error when it stopped here.
    private func error(_ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        if case .error(let diagnostic) = current.kind { return diagnostic }
        return Diagnostic.syntax(message, at: location ?? current.location)
    }

    private mutating func expect(_ op: String, _ message: String? = nil) throws {
        guard accept(op) else { throw error(message ?? "invalid syntax") }
    }

    private mutating func expectName() throws -> String {
        guard case .name(let name) = current.kind, !Parser.keywords.contains(name) else { throw error("invalid syntax") }
        advance()
        return name
    }

    private mutating func enter() throws {
        depth += 1
        if depth > Parser.maximumNestingDepth || !stack.hasRoom {
            throw error("too many nested expressions (Loupe's limit is \(Parser.maximumNestingDepth))")
        }
    }

    private mutating func leave() { depth -= 1 }

    // MARK: Statements

    private mutating func parseModule() throws -> Module {
        var body: [Stmt] = []
        while !isEnd {
            if isNewline { advance(); continue }
            body.append(contentsOf: try parseStatement())
        }
        if case .error(let diagnostic) = current.kind { throw diagnostic }
        return Module(body: body)
    }

    private mutating func parseStatement() throws -> [Stmt] {
        if case .indent = current.kind {
            // CPython points at the last character of the indentation.
            throw Diagnostic.indentation("unexpected indent", at: SourceLocation(line: current.location.line, column: current.location.column - 1))
        }
        let statements: [Stmt]
        if let compound = try parseCompoundStatement() {
            statements = [compound]
        } else {
            statements = try parseSimpleStatements()
        }
        for statement in statements { try checkTreeDepth(statement) }
        return statements
    }

    private mutating func parseSimpleStatements() throws -> [Stmt] {
        var statements = [try parseSimpleStatement()]
        while accept(";") {
            if isNewline { break }
            statements.append(try parseSimpleStatement())
        }
        guard isNewline else {
            if case .endOfFile = current.kind { return statements }
            throw error("invalid syntax")
        }
        advance()
        return statements
    }

    private mutating func parseCompoundStatement() throws -> Stmt? {
        let start = current.location
        if isOp("@") {
            advance()
            _ = try parseNamedExpression()
            guard isNewline else { throw error("invalid syntax") }
            advance()
            guard isKeyword("def") || isKeyword("class") || isKeyword("async") || isOp("@") else { throw error("invalid syntax") }
            return Stmt(.refused(construct: "decorators"), at: start)
        }
        guard case .name(let word) = current.kind else { return nil }
        switch word {
        case "def": return try parseFunctionDef()
        case "if": return try parseIf()
        case "for": return try parseFor()
        case "while": return try parseWhile()
        case "try": return try parseTry()
        case "class":
            advance()
            _ = try expectName()
            if accept("(") { _ = try parseArguments(start: start) }
            _ = try parseBlock(after: "class definition", line: start.line)
            return Stmt(.refused(construct: "class definitions"), at: start)
        case "with":
            advance()
            try skipHeader()
            _ = try parseBlock(after: "'with' statement", line: start.line)
            return Stmt(.refused(construct: "'with' statements"), at: start)
        case "async":
            advance()
            if isKeyword("def") {
                _ = try parseFunctionDef()
                return Stmt(.refused(construct: "'async def' functions"), at: start)
            }
            guard isKeyword("for") || isKeyword("with") else { throw error("invalid syntax") }
            let construct = isKeyword("for") ? "'async for' loops" : "'async with' statements"
            advance()
            try skipHeader()
            _ = try parseBlock(after: "statement", line: start.line)
            return Stmt(.refused(construct: construct), at: start)
        case "match":
            guard looksLikeMatchStatement() else { return nil }
            advance()
            try skipHeader()
            try skipBlock()
            return Stmt(.refused(construct: "'match' statements"), at: start)
        default:
            return nil
        }
    }

    /// `match` is a keyword only at the start of a `match subject:` line followed by `case` blocks.
    private func looksLikeMatchStatement() -> Bool {
        var i = position + 1
        var nesting = 0
        var lastWasColon = false
        while i < tokens.count {
            switch tokens[i].kind {
            case .op(let o):
                if o == "(" || o == "[" || o == "{" { nesting += 1 }
                if o == ")" || o == "]" || o == "}" { nesting -= 1 }
                lastWasColon = nesting == 0 && o == ":"
            case .newline:
                guard lastWasColon, i + 2 < tokens.count, case .indent = tokens[i + 1].kind else { return false }
                return isKeyword("case", tokens[i + 2])
            case .endOfFile, .error:
                return false
            default:
                lastWasColon = false
            }
            i += 1
        }
        return false
    }

    /// Skips a refused statement's header up to its ':' (brackets are balanced by the lexer).
    private mutating func skipHeader() throws {
        var nesting = 0
        while true {
            switch current.kind {
            case .op(let o):
                if o == "(" || o == "[" || o == "{" { nesting += 1 }
                if o == ")" || o == "]" || o == "}" { nesting -= 1 }
                if o == ":" && nesting == 0 { return }
            case .newline, .endOfFile, .error:
                throw error("expected ':'")
            default:
                break
            }
            advance()
        }
    }

    /// Skips `: block` without parsing it (used for `match`, whose patterns Loupe does not parse).
    private mutating func skipBlock() throws {
        try expect(":", "expected ':'")
        guard isNewline else {
            while !isNewline && !isEnd {
                if case .error(let diagnostic) = current.kind { throw diagnostic }
                advance()
            }
            advance()
            return
        }
        advance()
        guard case .indent = current.kind else { throw error("expected an indented block") }
        var levels = 0
        repeat {
            switch current.kind {
            case .indent: levels += 1
            case .dedent: levels -= 1
            case .error(let diagnostic): throw diagnostic
            case .endOfFile: return
            default: break
            }
            advance()
        } while levels > 0
    }

    /// `: NEWLINE INDENT statements DEDENT` or `: simple statements` on the same line.
    private mutating func parseBlock(after construct: String, line: Int) throws -> [Stmt] {
        guard accept(":") else {
            if isOp("=") { throw error("invalid syntax. Maybe you meant '==' or ':=' instead of '='?") }
            throw error("expected ':'")
        }
        guard isNewline else { return try parseSimpleStatements() }
        advance()
        guard case .indent = current.kind else {
            throw error("expected an indented block after \(construct) on line \(line)").asIndentation
        }
        advance()
        var body: [Stmt] = []
        while true {
            if case .dedent = current.kind { advance(); break }
            if isEnd { break }
            body.append(contentsOf: try parseStatement())
        }
        return body
    }

    private mutating func parseFunctionDef() throws -> Stmt {
        let start = current.location
        advance()
        let name = try expectName()
        try expect("(", "expected '('")
        let parameters = try parseParameters(closing: ")", allowsAnnotations: true)
        try expect(")", "invalid syntax")
        var returnAnnotation: Expr?
        if accept("->") { returnAnnotation = try parseExpression() }
        let savedLoops = loopDepth
        loopDepth = 0
        functionDepth += 1
        defer {
            functionDepth -= 1
            loopDepth = savedLoops
        }
        let body = try parseBlock(after: "function definition", line: start.line)
        var docstring: String?
        if let first = body.first, case .expression(let e) = first.kind, case .constant(.string(let s)) = e.kind {
            docstring = s
        }
        return Stmt(.functionDef(FunctionDef(name: name, parameters: parameters, body: body, docstring: docstring, returnAnnotation: returnAnnotation)), at: start)
    }

    private mutating func parseParameters(closing: String, allowsAnnotations: Bool) throws -> Parameters {
        var parameters = Parameters()
        var seen: Set<String> = []
        var sawDefault = false
        var sawStar = false
        var sawSlash = false
        func parameter(_ parser: inout Parser, allowsDefault: Bool) throws -> Parameters.Parameter {
            let location = parser.current.location
            let name = try parser.expectName()
            if seen.contains(name) { throw Diagnostic.syntax("duplicate argument '\(name)' in function definition", at: location) }
            seen.insert(name)
            var annotation: Expr?
            if allowsAnnotations && parser.accept(":") { annotation = try parser.parseExpression() }
            var defaultValue: Expr?
            if allowsDefault && parser.accept("=") { defaultValue = try parser.parseExpression() }
            return Parameters.Parameter(name: name, defaultValue: defaultValue, annotation: annotation, location: location)
        }
        while !isOp(closing) {
            if isOp("/") {
                guard !sawSlash, !sawStar, !parameters.positional.isEmpty else {
                    throw error(sawSlash ? "/ may appear only once" : sawStar ? "/ must be ahead of *" : "at least one argument must precede /")
                }
                sawSlash = true
                advance()
            } else if isOp("*") {
                let starLocation = current.location
                guard !sawStar else { throw error("* argument may appear only once") }
                sawStar = true
                advance()
                if isOp(",") || isOp(closing) {
                    if isOp(closing) || isOp(closing, next) || isOp("**", next) {
                        throw Diagnostic.syntax("named arguments must follow bare *", at: starLocation)
                    }
                } else {
                    parameters.varArgs = try parameter(&self, allowsDefault: false)
                    if isOp("=") { throw error("var-positional argument cannot have default value") }
                }
            } else if isOp("**") {
                advance()
                parameters.varKeywords = try parameter(&self, allowsDefault: false)
                if isOp("=") { throw error("var-keyword argument cannot have default value") }
                _ = accept(",")
                guard isOp(closing) else { throw error("arguments cannot follow var-keyword argument") }
                break
            } else {
                let p = try parameter(&self, allowsDefault: true)
                if sawStar {
                    parameters.keywordOnly.append(p)
                } else {
                    if p.defaultValue != nil {
                        sawDefault = true
                    } else if sawDefault {
                        throw Diagnostic.syntax("non-default argument follows default argument", at: p.location)
                    }
                    parameters.positional.append(p)
                }
            }
            guard accept(",") else { break }
        }
        return parameters
    }

    private mutating func parseIf() throws -> Stmt {
        // elif chains are collected in a loop and nested afterwards, as CPython's tree has them.
        var clauses: [(location: SourceLocation, test: Expr, body: [Stmt])] = []
        var orElse: [Stmt] = []
        repeat {
            let location = current.location
            let word = isKeyword("if") ? "if" : "elif"
            advance()
            let test = try parseTest()
            let body = try parseBlock(after: "'\(word)' statement", line: location.line)
            clauses.append((location, test, body))
            if clauses.count > Parser.maximumTreeDepth { throw tooDeep(at: clauses[0].location) }
        } while isKeyword("elif")
        if isKeyword("else") {
            let line = current.location.line
            advance()
            orElse = try parseBlock(after: "'else' statement", line: line)
        }
        for clause in clauses.reversed() {
            orElse = [Stmt(.if(test: clause.test, body: clause.body, orElse: orElse), at: clause.location)]
        }
        return orElse[0]
    }

    private mutating func parseFor() throws -> Stmt {
        let start = current.location
        advance()
        let target = try parseTargetList(endingAt: "in")
        guard acceptKeyword("in") else { throw error("invalid syntax") }
        let iterable = try parseStarExpressions()
        try refuseBareStarred(iterable)
        loopDepth += 1
        let body = try parseBlock(after: "'for' statement", line: start.line)
        loopDepth -= 1
        let orElse = try parseLoopElse()
        return Stmt(.for(target: target, iterable: iterable, body: body, orElse: orElse), at: start)
    }

    private mutating func parseWhile() throws -> Stmt {
        let start = current.location
        advance()
        let test = try parseTest()
        loopDepth += 1
        let body = try parseBlock(after: "'while' statement", line: start.line)
        loopDepth -= 1
        let orElse = try parseLoopElse()
        return Stmt(.while(test: test, body: body, orElse: orElse), at: start)
    }

    /// The condition of `if`, `elif` or `while`.
    private mutating func parseTest() throws -> Expr {
        let test = try parseNamedExpression()
        if isOp("=") { throw Diagnostic.syntax("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", at: test.location) }
        return test
    }

    private mutating func parseLoopElse() throws -> [Stmt] {
        guard isKeyword("else") else { return [] }
        let line = current.location.line
        advance()
        return try parseBlock(after: "'else' statement", line: line)
    }

    private mutating func parseTry() throws -> Stmt {
        let start = current.location
        advance()
        let body = try parseBlock(after: "'try' statement", line: start.line)
        var handlers: [ExceptHandler] = []
        var usesExceptionGroups = false
        while isKeyword("except") {
            let location = current.location
            if let last = handlers.last, last.type == nil {
                throw Diagnostic.syntax("default 'except:' must be last", at: last.location)
            }
            advance()
            if accept("*") { usesExceptionGroups = true }
            var type: Expr?
            var name: String?
            if !isOp(":") {
                type = try parseExpression()
                if isOp(",") { throw error("multiple exception types must be parenthesized", at: type?.location) }
                if acceptKeyword("as") { name = try expectName() }
            }
            let handlerBody = try parseBlock(after: "'except' statement", line: location.line)
            handlers.append(ExceptHandler(type: type, name: name, body: handlerBody, location: location))
        }
        var orElse: [Stmt] = []
        var finally: [Stmt] = []
        if isKeyword("else") {
            guard !handlers.isEmpty else { throw error("expected 'except' or 'finally' block") }
            let line = current.location.line
            advance()
            orElse = try parseBlock(after: "'else' statement", line: line)
        }
        if isKeyword("finally") {
            let line = current.location.line
            advance()
            finally = try parseBlock(after: "'finally' statement", line: line)
        } else if handlers.isEmpty {
            throw error("expected 'except' or 'finally' block")
        }
        if usesExceptionGroups { return Stmt(.refused(construct: "'except*' clauses"), at: start) }
        return Stmt(.try(body: body, handlers: handlers, orElse: orElse, finally: finally), at: start)
    }

    private mutating func parseSimpleStatement() throws -> Stmt {
        let start = current.location
        if case .name(let word) = current.kind {
            switch word {
            case "pass":
                advance()
                return Stmt(.pass, at: start)
            case "break":
                guard loopDepth > 0 else { throw error("'break' outside loop") }
                advance()
                return Stmt(.break, at: start)
            case "continue":
                guard loopDepth > 0 else { throw error("'continue' not properly in loop") }
                advance()
                return Stmt(.continue, at: start)
            case "return":
                guard functionDepth > 0 else { throw error("'return' outside function") }
                advance()
                let value = atStatementEnd ? nil : try parseStarExpressions()
                if let value { try refuseBareStarred(value) }
                return Stmt(.return(value), at: start)
            case "raise":
                advance()
                if atStatementEnd { return Stmt(.raise(exception: nil, cause: nil), at: start) }
                let exception = try parseExpression()
                let cause = acceptKeyword("from") ? try parseExpression() : nil
                return Stmt(.raise(exception: exception, cause: cause), at: start)
            case "global", "nonlocal":
                advance()
                repeat { _ = try expectName() } while accept(",")
                return Stmt(.refused(construct: "'\(word)' statements"), at: start)
            case "del":
                advance()
                var targets: [Expr] = []
                repeat {
                    if atStatementEnd { break }
                    let target = try parseBinary(level: 0)
                    try checkTarget(target, deleting: true)
                    targets.append(target)
                } while accept(",")
                guard !targets.isEmpty else { throw error("invalid syntax") }
                return Stmt(.delete(targets: targets), at: start)
            case "assert":
                advance()
                let test = try parseExpression()
                let message = accept(",") ? try parseExpression() : nil
                return Stmt(.assert(test: test, message: message), at: start)
            case "import":
                advance()
                var names: [ImportName] = []
                repeat {
                    let name = try parseDottedName()
                    let alias = acceptKeyword("as") ? try expectName() : nil
                    names.append(ImportName(name: name, alias: alias))
                } while accept(",")
                return Stmt(.import(names), at: start)
            case "from":
                return try parseFromImport()
            default:
                break
            }
        }
        return try parseExpressionStatement()
    }

    private var atStatementEnd: Bool {
        isNewline || isOp(";") || isEnd
    }

    private mutating func parseDottedName() throws -> String {
        var name = try expectName()
        while accept(".") { name += "." + (try expectName()) }
        return name
    }

    private mutating func parseFromImport() throws -> Stmt {
        let start = current.location
        advance()
        var module = ""
        while isOp(".") || isOp("...") {
            module += isOp(".") ? "." : "..."
            advance()
        }
        if !isKeyword("import") { module += try parseDottedName() }
        guard acceptKeyword("import") else { throw error("invalid syntax") }
        var names: [ImportName] = []
        if accept("*") {
            names.append(ImportName(name: "*", alias: nil))
        } else {
            let parenthesized = accept("(")
            repeat {
                if parenthesized && isOp(")") { break }
                if !parenthesized && !names.isEmpty && atStatementEnd {
                    throw error("trailing comma not allowed without surrounding parentheses")
                }
                let name = try expectName()
                let alias = acceptKeyword("as") ? try expectName() : nil
                names.append(ImportName(name: name, alias: alias))
            } while accept(",")
            if parenthesized { try expect(")") }
        }
        return Stmt(.importFrom(module: module, names: names), at: start)
    }

    private mutating func parseExpressionStatement() throws -> Stmt {
        let start = current.location
        let first = try parseStarExpressionsOrYield()
        if isOp(":=") {
            if case .name = first.kind { throw error("invalid syntax") }
            throw Diagnostic.syntax("cannot use assignment expressions with \(describe(first))", at: first.location)
        }
        if isOp(":") {
            advance()
            switch first.kind {
            case .name, .attribute, .subscript: break
            case .tuple: throw Diagnostic.syntax("only single target (not tuple) can be annotated", at: first.location)
            case .list: throw Diagnostic.syntax("only single target (not list) can be annotated", at: first.location)
            default: throw Diagnostic.syntax("illegal target for annotation", at: first.location)
            }
            let annotation = try parseExpression()
            let value = accept("=") ? try parseStarExpressionsOrYield() : nil
            if let value { try refuseBareStarred(value) }
            return Stmt(.annotatedAssign(target: first, annotation: annotation, value: value), at: start)
        }
        if case .op(let o) = current.kind, o.count >= 2, o.hasSuffix("="), !["==", "<=", ">=", "!="].contains(o),
           let op = BinaryOperator(rawValue: String(o.dropLast())) {
            switch first.kind {
            case .name, .attribute, .subscript: break
            default: throw Diagnostic.syntax("'\(describe(first))' is an illegal expression for augmented assignment", at: first.location)
            }
            advance()
            let value = try parseStarExpressionsOrYield()
            try refuseBareStarred(value)
            return Stmt(.augmentedAssign(target: first, op: op, value: value), at: start)
        }
        if isOp("=") {
            var chain = [first]
            while accept("=") { chain.append(try parseStarExpressionsOrYield()) }
            let value = chain.removeLast()
            for target in chain { try checkTarget(target, deleting: false, suggestEquality: true) }
            try refuseBareStarred(value)
            return Stmt(.assign(targets: chain, value: value), at: start)
        }
        if case .name("print") = first.kind, !atStatementEnd {
            switch current.kind {
            case .name, .string, .integer, .float:
                throw Diagnostic.syntax("Missing parentheses in call to 'print'. Did you mean print(...)?", at: first.location)
            default: break
            }
        }
        if case .starred = first.kind {
            guard atStatementEnd else { throw error("invalid syntax") }
            throw Diagnostic.syntax("can't use starred expression here", at: first.location)
        }
        return Stmt(.expression(first), at: start)
    }

    /// `x = *a`: a starred value is only allowed inside a tuple, list, set or call.
    private func refuseBareStarred(_ value: Expr) throws {
        if case .starred = value.kind { throw Diagnostic.syntax("can't use starred expression here", at: value.location) }
    }

    // MARK: Targets

    /// `a, (b, *c)` in `for ... in` and comprehensions: targets parsed below the comparison level so
    /// that `in` ends them.
    private mutating func parseTargetList(endingAt keyword: String) throws -> Expr {
        let start = current.location
        var items = [try parseTarget()]
        var sawComma = false
        while accept(",") {
            sawComma = true
            if isKeyword(keyword) { break }
            items.append(try parseTarget())
        }
        let target = sawComma ? Expr(.tuple(items), at: start) : items[0]
        try checkTarget(target, deleting: false)
        return target
    }

    private mutating func parseTarget() throws -> Expr {
        if isOp("*") {
            let start = current.location
            advance()
            return Expr(.starred(try parseBinary(level: 0)), at: start)
        }
        return try parseBinary(level: 0)
    }

    private func checkTarget(_ target: Expr, deleting: Bool, suggestEquality: Bool = false, inSequence: Bool = false) throws {
        switch target.kind {
        case .name, .attribute, .subscript:
            return
        case .tuple(let items), .list(let items):
            var starred = 0
            for item in items {
                if case .starred = item.kind {
                    starred += 1
                    if deleting { throw Diagnostic.syntax("cannot delete starred", at: item.location) }
                }
                try checkTarget(item, deleting: deleting, suggestEquality: suggestEquality, inSequence: true)
            }
            if starred > 1 { throw Diagnostic.syntax("multiple starred expressions in assignment", at: target.location) }
        case .starred(let inner):
            if !inSequence { throw Diagnostic.syntax("starred assignment target must be in a list or tuple", at: target.location) }
            try checkTarget(inner, deleting: deleting, suggestEquality: suggestEquality)
        default:
            let what = describe(target)
            if deleting { throw Diagnostic.syntax("cannot delete \(what)", at: target.location) }
            var hint = suggestEquality && !inSequence ? " here. Maybe you meant '==' instead of '='?" : ""
            if case .constant(let c) = target.kind, c == .none || c == .bool(true) || c == .bool(false) { hint = "" }
            throw Diagnostic.syntax("cannot assign to \(what)\(hint)", at: target.location)
        }
    }

    /// How CPython names an expression in "cannot assign to ..." messages.
    private func describe(_ e: Expr) -> String {
        switch e.kind {
        case .name: return "name"
        case .constant(.none): return "None"
        case .constant(.bool(let b)): return b ? "True" : "False"
        case .constant(.ellipsis): return "ellipsis"
        case .constant: return "literal"
        case .formattedString: return "f-string expression"
        case .unary, .binary, .boolean: return "expression"
        case .compare: return "comparison"
        case .conditional: return "conditional expression"
        case .namedExpr: return "named expression"
        case .call: return "function call"
        case .attribute: return "attribute"
        case .subscript: return "subscript"
        case .slice: return "slice"
        case .list: return "list"
        case .tuple: return "tuple"
        case .set: return "set display"
        case .dict: return "dict literal"
        case .starred: return "starred"
        case .lambda: return "lambda"
        case .listComprehension: return "list comprehension"
        case .setComprehension: return "set comprehension"
        case .dictComprehension: return "dict comprehension"
        case .generator: return "generator expression"
        case .refused: return "expression"
        }
    }

    // MARK: Expressions

    /// `a, *b, c` (a tuple when there is a comma), or a `yield`.
    private mutating func parseStarExpressionsOrYield() throws -> Expr {
        if isKeyword("yield") { return try parseYield() }
        return try parseStarExpressions()
    }

    private mutating func parseYield() throws -> Expr {
        let start = current.location
        advance()
        if acceptKeyword("from") {
            _ = try parseExpression()
            return Expr(.refused(construct: "'yield from' expressions"), at: start)
        }
        if !atStatementEnd && !isOp(")") && !isOp("=") { _ = try parseStarExpressions() }
        return Expr(.refused(construct: "'yield' expressions"), at: start)
    }

    private mutating func parseStarExpressions() throws -> Expr {
        let start = current.location
        let first = try parseStarExpression()
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if !startsExpression { break }
            items.append(try parseStarExpression())
        }
        return Expr(.tuple(items), at: start)
    }

    private var startsExpression: Bool {
        switch current.kind {
        case .name(let n):
            return !Parser.keywords.contains(n) || ["None", "True", "False", "not", "lambda", "await", "yield"].contains(n)
        case .integer, .float, .string: return true
        case .op(let o): return ["(", "[", "{", "-", "+", "~", "*", "...", "**"].contains(o)
        default: return false
        }
    }

    private mutating func parseStarExpression() throws -> Expr {
        if isOp("*") {
            let start = current.location
            advance()
            return Expr(.starred(try parseBinary(level: 0)), at: start)
        }
        return try parseExpression()
    }

    private mutating func parseStarNamedExpression() throws -> Expr {
        if isOp("*") {
            let start = current.location
            advance()
            return Expr(.starred(try parseBinary(level: 0)), at: start)
        }
        return try parseNamedExpression()
    }

    private mutating func parseNamedExpression() throws -> Expr {
        if case .name(let name) = current.kind, isOp(":=", next), !Parser.keywords.contains(name) {
            let start = current.location
            advance()
            advance()
            let value = try parseExpression()
            return Expr(.namedExpr(name: name, value: value), at: start)
        }
        let e = try parseExpression()
        if isOp(":=") {
            throw Diagnostic.syntax("cannot use assignment expressions with \(describe(e))", at: e.location)
        }
        return e
    }

    private mutating func parseExpression() throws -> Expr {
        try enter()
        defer { leave() }
        if isKeyword("lambda") { return try parseLambda() }
        let start = current.location
        let body = try parseDisjunction()
        guard isKeyword("if") else { return body }
        advance()
        let test = try parseDisjunction()
        guard acceptKeyword("else") else { throw error("expected 'else' after 'if' expression", at: start) }
        let orElse = try parseExpression()
        return Expr(.conditional(test: test, body: body, orElse: orElse), at: start)
    }

    private mutating func parseLambda() throws -> Expr {
        let start = current.location
        advance()
        let parameters = try parseParameters(closing: ":", allowsAnnotations: false)
        try expect(":", "expected ':'")
        let savedLoops = loopDepth
        loopDepth = 0
        defer { loopDepth = savedLoops }
        let body = try parseExpression()
        return Expr(.lambda(parameters, body), at: start)
    }

    private mutating func parseDisjunction() throws -> Expr {
        let start = current.location
        let first = try parseConjunction()
        guard isKeyword("or") else { return first }
        var operands = [first]
        while acceptKeyword("or") { operands.append(try parseConjunction()) }
        return Expr(.boolean(.or, operands), at: start)
    }

    private mutating func parseConjunction() throws -> Expr {
        let start = current.location
        let first = try parseInversion()
        guard isKeyword("and") else { return first }
        var operands = [first]
        while acceptKeyword("and") { operands.append(try parseInversion()) }
        return Expr(.boolean(.and, operands), at: start)
    }

    private mutating func parseInversion() throws -> Expr {
        var nots: [SourceLocation] = []
        while isKeyword("not") {
            nots.append(current.location)
            advance()
            if nots.count > Parser.maximumTreeDepth { throw tooDeep(at: nots[0]) }
        }
        var e = try parseComparison()
        if !nots.isEmpty { try checkHeight(height(e) + nots.count, at: nots[0]) }
        for location in nots.reversed() { e = Expr(.unary(.not, e), at: location) }
        return e
    }

    private mutating func parseComparison() throws -> Expr {
        let start = current.location
        let first = try parseBinary(level: 0)
        var comparisons: [Comparison] = []
        while let op = comparisonOperator() {
            comparisons.append(Comparison(op: op, right: try parseBinary(level: 0)))
        }
        return comparisons.isEmpty ? first : Expr(.compare(first, comparisons), at: start)
    }

    /// Consumes and returns a comparison operator at the current token, if there is one.
    private mutating func comparisonOperator() -> CompareOperator? {
        switch current.kind {
        case .op(let o):
            guard let op = CompareOperator(rawValue: o) else { return nil }
            advance()
            return op
        case .name("in"):
            advance()
            return .in
        case .name("not") where isKeyword("in", next):
            advance(); advance()
            return .notIn
        case .name("is"):
            advance()
            if acceptKeyword("not") { return .isNot }
            return .is
        default:
            return nil
        }
    }

    /// Binary operators with their precedence, lowest first (as in CPython's grammar).
    private static let binaryOperators: [String: (level: Int, op: BinaryOperator)] = [
        "|": (0, .bitOr), "^": (1, .bitXor), "&": (2, .bitAnd), "<<": (3, .leftShift), ">>": (3, .rightShift),
        "+": (4, .add), "-": (4, .subtract),
        "*": (5, .multiply), "/": (5, .divide), "//": (5, .floorDivide), "%": (5, .modulo), "@": (5, .matrixMultiply),
    ]

    /// Left-associative binary operators by precedence climbing: a loop per operand chain, and
    /// recursion only where precedence rises (at most once per level), never per operand.
    private mutating func parseBinary(level minimumLevel: Int) throws -> Expr {
        let start = current.location
        var left = try parseFactor()
        var leftHeight: Int?
        while case .op(let o) = current.kind, let (level, op) = Parser.binaryOperators[o], level >= minimumLevel {
            advance()
            let right = try parseBinary(level: level + 1)
            let combined = max(leftHeight ?? height(left), height(right)) + 1
            try checkHeight(combined, at: start)
            leftHeight = combined
            left = Expr(.binary(left, op, right), at: start)
        }
        return left
    }

    private mutating func parseFactor() throws -> Expr {
        var prefixes: [(UnaryOperator, SourceLocation)] = []
        while case .op(let o) = current.kind, o == "-" || o == "+" || o == "~" {
            prefixes.append((o == "-" ? .negate : o == "+" ? .plus : .invert, current.location))
            advance()
            if prefixes.count > Parser.maximumTreeDepth { throw tooDeep(at: prefixes[0].1) }
        }
        var e: Expr
        if let last = prefixes.last, last.0 == .negate, case .integer(let magnitude, _) = current.kind,
           magnitude == UInt64(Int64.max) + 1, !bindsTighterThanUnary(next) {
            // `-9223372036854775808` is the one literal that fits 64 bits only once negated.
            prefixes.removeLast()
            advance()
            e = Expr(.constant(.int(Int64.min)), at: last.1)
        } else {
            e = try parsePower()
        }
        if let first = prefixes.first { try checkHeight(height(e) + prefixes.count, at: first.1) }
        for (op, location) in prefixes.reversed() { e = Expr(.unary(op, e), at: location) }
        return e
    }

    private func bindsTighterThanUnary(_ token: Token) -> Bool {
        isOp("**", token) || isOp(".", token) || isOp("(", token) || isOp("[", token)
    }

    private mutating func parsePower() throws -> Expr {
        let start = current.location
        let base = try parseAwaitPrimary()
        guard accept("**") else { return base }
        try enter()
        defer { leave() }
        let exponent = try parseFactor()
        return Expr(.binary(base, .power, exponent), at: start)
    }

    private mutating func parseAwaitPrimary() throws -> Expr {
        guard isKeyword("await") else { return try parsePrimary() }
        let start = current.location
        advance()
        _ = try parsePrimary()
        return Expr(.refused(construct: "'await' expressions"), at: start)
    }

    private mutating func parsePrimary() throws -> Expr {
        let start = current.location
        var e = try parseAtom()
        var eHeight: Int?
        while true {
            if isOp(".") {
                advance()
                guard case .name(let name) = current.kind, !Parser.keywords.contains(name) else { throw error("invalid syntax") }
                advance()
                e = Expr(.attribute(e, name), at: start)
            } else if isOp("(") {
                let open = current.location
                advance()
                e = Expr(.call(e, try parseArguments(start: open)), at: start)
            } else if isOp("[") {
                advance()
                let index = try parseSlices()
                try expect("]")
                e = Expr(.subscript(e, index), at: start)
            } else {
                return e
            }
            // Only the new node's other children are measured; the chain so far is known.
            var combined = (eHeight ?? 1) + 1
            if eHeight == nil { combined = height(e) } else {
                for child in e.children.dropFirst() { combined = max(combined, height(child) + 1) }
            }
            try checkHeight(combined, at: start)
            eHeight = combined
        }
    }

    /// Call arguments after the '('; consumes the ')'.
    private mutating func parseArguments(start: SourceLocation) throws -> [Argument] {
        var arguments: [Argument] = []
        var keywords: Set<String> = []
        var sawKeyword = false
        var sawKeywordUnpack = false
        while !isOp(")") {
            let location = current.location
            if accept("**") {
                arguments.append(.unpackKeywords(try parseExpression()))
                sawKeywordUnpack = true
            } else if accept("*") {
                if sawKeywordUnpack { throw Diagnostic.syntax("iterable argument unpacking follows keyword argument unpacking", at: location) }
                arguments.append(.unpack(try parseExpression()))
            } else if case .name(let name) = current.kind, isOp("=", next), !Parser.keywords.contains(name) {
                advance(); advance()
                if keywords.contains(name) { throw Diagnostic.syntax("keyword argument repeated: \(name)", at: location) }
                keywords.insert(name)
                arguments.append(.keyword(name: name, value: try parseExpression(), location: location))
                sawKeyword = true
            } else {
                let value = try parseNamedExpression()
                if isOp("=") {
                    throw Diagnostic.syntax("expression cannot contain assignment, perhaps you meant \"==\"?", at: value.location)
                }
                if isKeyword("for") || isKeyword("async") {
                    // As CPython: the generator's position is the call's '(' that delimits it.
                    let generator = Expr(.generator(value, try parseComprehensionClauses()), at: start)
                    if !arguments.isEmpty || !isOp(")") {
                        throw Diagnostic.syntax("Generator expression must be parenthesized", at: value.location)
                    }
                    arguments.append(.positional(generator))
                    break
                }
                // CPython 3.11 points at the token after the offending argument.
                if sawKeywordUnpack { throw error("positional argument follows keyword argument unpacking") }
                if sawKeyword { throw error("positional argument follows keyword argument") }
                arguments.append(.positional(value))
            }
            guard accept(",") else {
                if !isOp(")"), let last = arguments.last, case .positional(let value) = last { throw missingComma(after: value) }
                break
            }
        }
        try expect(")")
        return arguments
    }

    /// `[a b]`: CPython suggests the missing comma when another expression follows directly.
    private func missingComma(after item: Expr) -> Diagnostic {
        startsExpression ? error("invalid syntax. Perhaps you forgot a comma?", at: item.location) : error("invalid syntax")
    }

    private mutating func parseSlices() throws -> Expr {
        let start = current.location
        let first = try parseSlice()
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if isOp("]") { break }
            items.append(try parseSlice())
        }
        return Expr(.tuple(items), at: start)
    }

    private mutating func parseSlice() throws -> Expr {
        let start = current.location
        if isOp("*") { return try parseStarNamedExpression() }
        var lower: Expr?
        if !isOp(":") {
            let e = try parseNamedExpression()
            guard isOp(":") else { return e }
            lower = e
        }
        advance()
        let upper = isOp(":") || isOp("]") || isOp(",") ? nil : try parseExpression()
        var step: Expr?
        if accept(":") {
            step = isOp("]") || isOp(",") ? nil : try parseExpression()
        }
        return Expr(.slice(lower: lower, upper: upper, step: step), at: start)
    }

    private mutating func parseComprehensionClauses() throws -> [Comprehension] {
        var clauses: [Comprehension] = []
        while isKeyword("for") || (isKeyword("async") && isKeyword("for", next)) {
            if isKeyword("async") {
                throw error("asynchronous comprehensions are not supported in Loupe")
            }
            advance()
            let target = try parseTargetList(endingAt: "in")
            guard acceptKeyword("in") else { throw error("invalid syntax") }
            let iterable = try parseDisjunction()
            var conditions: [Expr] = []
            while acceptKeyword("if") { conditions.append(try parseDisjunction()) }
            clauses.append(Comprehension(target: target, iterable: iterable, conditions: conditions))
        }
        return clauses
    }

    // MARK: Atoms

    private mutating func parseAtom() throws -> Expr {
        let start = current.location
        switch current.kind {
        case .name(let name):
            switch name {
            case "None": advance(); return Expr(.constant(.none), at: start)
            case "True": advance(); return Expr(.constant(.bool(true)), at: start)
            case "False": advance(); return Expr(.constant(.bool(false)), at: start)
            default:
                if Parser.keywords.contains(name) { throw error("invalid syntax") }
                advance()
                return Expr(.name(name), at: start)
            }
        case .integer(let magnitude, _):
            guard let magnitude, magnitude <= UInt64(Int64.max) else {
                throw error("integer literal too large: Loupe's integers are 64-bit (at most 9223372036854775807)")
            }
            advance()
            return Expr(.constant(.int(Int64(magnitude))), at: start)
        case .float(let value):
            advance()
            return Expr(.constant(.float(value)), at: start)
        case .string:
            return try parseStrings()
        case .op("..."):
            advance()
            return Expr(.constant(.ellipsis), at: start)
        case .op("("):
            advance()
            if accept(")") { return Expr(.tuple([]), at: start) }
            if isKeyword("yield") {
                let e = try parseYield()
                try expect(")")
                return e
            }
            let first = try parseStarNamedExpression()
            if isKeyword("for") || isKeyword("async") {
                let generator = Expr(.generator(first, try parseComprehensionClauses()), at: start)
                try expect(")")
                return generator
            }
            if accept(")") {
                if case .starred = first.kind { throw Diagnostic.syntax("cannot use starred expression here", at: first.location) }
                return first
            }
            guard isOp(",") else { throw missingComma(after: first) }
            var items = [first]
            while accept(",") {
                if isOp(")") { break }
                items.append(try parseStarNamedExpression())
            }
            guard accept(")") else { throw missingComma(after: items[items.count - 1]) }
            return Expr(.tuple(items), at: start)
        case .op("["):
            advance()
            if accept("]") { return Expr(.list([]), at: start) }
            let first = try parseStarNamedExpression()
            if isKeyword("for") || isKeyword("async") {
                let comprehension = Expr(.listComprehension(first, try parseComprehensionClauses()), at: start)
                try expect("]")
                return comprehension
            }
            var items = [first]
            while accept(",") {
                if isOp("]") { break }
                items.append(try parseStarNamedExpression())
            }
            guard accept("]") else { throw missingComma(after: items[items.count - 1]) }
            return Expr(.list(items), at: start)
        case .op("{"):
            advance()
            return try parseBraces(start: start)
        default:
            throw error("invalid syntax")
        }
    }

    private mutating func parseBraces(start: SourceLocation) throws -> Expr {
        if accept("}") { return Expr(.dict([]), at: start) }
        var firstEntry: DictEntry?
        var firstElement: Expr?
        if accept("**") {
            firstEntry = DictEntry(key: nil, value: try parseBinary(level: 0))
        } else {
            let first = try parseStarNamedExpression()
            if accept(":") {
                if case .starred = first.kind { throw Diagnostic.syntax("cannot use a starred expression in a dictionary key", at: first.location) }
                let value = try parseExpression()
                if isKeyword("for") || isKeyword("async") {
                    let comprehension = Expr(.dictComprehension(key: first, value: value, try parseComprehensionClauses()), at: start)
                    try expect("}")
                    return comprehension
                }
                firstEntry = DictEntry(key: first, value: value)
            } else {
                firstElement = first
            }
        }
        if let firstEntry {
            var entries = [firstEntry]
            while accept(",") {
                if isOp("}") { break }
                if accept("**") {
                    entries.append(DictEntry(key: nil, value: try parseBinary(level: 0)))
                } else {
                    let key = try parseExpression()
                    try expect(":", "':' expected after dictionary key")
                    entries.append(DictEntry(key: key, value: try parseExpression()))
                }
            }
            try expect("}")
            return Expr(.dict(entries), at: start)
        }
        let first = firstElement!
        if isKeyword("for") || isKeyword("async") {
            let comprehension = Expr(.setComprehension(first, try parseComprehensionClauses()), at: start)
            try expect("}")
            return comprehension
        }
        var items = [first]
        while accept(",") {
            if isOp("}") { break }
            items.append(try parseStarNamedExpression())
        }
        guard accept("}") else { throw missingComma(after: items[items.count - 1]) }
        return Expr(.set(items), at: start)
    }

    /// Adjacent string literals, joined; any f-string among them makes the whole an f-string.
    private mutating func parseStrings() throws -> Expr {
        let start = current.location
        var parts: [FStringPart] = []
        var plain = ""
        var isFormatted = false
        while case .string(let literal) = current.kind {
            let location = current.location
            advance()
            if literal.isFormatted {
                isFormatted = true
                if !plain.isEmpty { parts.append(.literal(plain)); plain = "" }
                parts.append(contentsOf: try parseFormattedBody(literal, at: location))
            } else {
                plain += literal.value
            }
        }
        guard isFormatted else { return Expr(.constant(.string(plain)), at: start) }
        if !plain.isEmpty { parts.append(.literal(plain)) }
        return Expr(.formattedString(Parser.mergeLiterals(parts)), at: start)
    }

    private static func mergeLiterals(_ parts: [FStringPart]) -> [FStringPart] {
        var merged: [FStringPart] = []
        for part in parts {
            if case .literal(let text) = part {
                if text.isEmpty { continue }
                if case .literal(let previous) = merged.last {
                    merged[merged.count - 1] = .literal(previous + text)
                    continue
                }
            }
            merged.append(part)
        }
        return merged
    }

    // MARK: f-strings

    /// Splits an f-string's body into literal text and `{expression!c:spec}` fields, following
    /// CPython 3.11's rules (no backslash or '#' inside a field, quotes of the other kind only).
    private mutating func parseFormattedBody(_ literal: StringLiteral, at stringLocation: SourceLocation) throws -> [FStringPart] {
        var reader = FStringReader(body: literal.body, location: literal.bodyStart)
        return try parseFormattedParts(&reader, literal: literal, stringLocation: stringLocation, inSpec: false)
    }

    private mutating func parseFormattedParts(_ reader: inout FStringReader, literal: StringLiteral, stringLocation: SourceLocation, inSpec: Bool) throws -> [FStringPart] {
        var parts: [FStringPart] = []
        var pending: [Unicode.Scalar] = []
        func flush() throws {
            guard !pending.isEmpty else { return }
            let text = literal.isRaw ? Lexer.normalizeLineBreaks(pending) : try Lexer.decodeEscapes(pending, at: stringLocation)
            parts.append(.literal(text))
            pending.removeAll()
        }
        while let c = reader.peek() {
            if c == "\\" && !literal.isRaw {
                if reader.peek(1) == "N" {
                    throw Diagnostic.syntax("\\N{...} escapes are not supported in Loupe; write the character itself or use \\u", at: stringLocation)
                }
                pending.append(c)
                reader.advance()
                if let d = reader.peek(), d != "{" && d != "}" {
                    pending.append(d)
                    reader.advance()
                }
                continue
            }
            if c == "{" {
                if reader.peek(1) == "{" && !inSpec {
                    pending.append("{")
                    reader.advance(); reader.advance()
                    continue
                }
                try flush()
                reader.advance()
                parts.append(try parseField(&reader, literal: literal, stringLocation: stringLocation))
                continue
            }
            if c == "}" {
                if inSpec { break }
                if reader.peek(1) == "}" {
                    pending.append("}")
                    reader.advance(); reader.advance()
                    continue
                }
                throw Diagnostic.syntax("f-string: single '}' is not allowed", at: reader.location)
            }
            pending.append(c)
            reader.advance()
        }
        try flush()
        return Parser.mergeLiterals(parts)
    }

    /// One `{...}` field; the reader is just past the '{'.
    private mutating func parseField(_ reader: inout FStringReader, literal: StringLiteral, stringLocation: SourceLocation) throws -> FStringPart {
        if formatSpecDepth >= 2 { throw Diagnostic.syntax("f-string: expressions nested too deeply", at: stringLocation) }
        let expressionStart = reader.location
        let begin = reader.index
        var brackets: [Unicode.Scalar] = []
        var quote: (Unicode.Scalar, Bool)?
        scan: while true {
            guard let c = reader.peek() else { throw Diagnostic.syntax("f-string: expecting '}'", at: stringLocation) }
            if c == "\\" { throw Diagnostic.syntax("f-string expression part cannot include a backslash", at: reader.location) }
            if let (q, triple) = quote {
                if c == q && (!triple || (reader.peek(1) == q && reader.peek(2) == q)) {
                    quote = nil
                    if triple { reader.advance(); reader.advance() }
                }
                reader.advance()
                continue
            }
            if "!<>=".unicodeScalars.contains(c) && reader.peek(1) == "=" {
                reader.advance(); reader.advance()
                continue
            }
            if brackets.isEmpty && (c == "=" || c == "!" || c == ":") { break scan }
            switch c {
            case "'", "\"":
                let triple = reader.peek(1) == c && reader.peek(2) == c
                quote = (c, triple)
                if triple { reader.advance(); reader.advance() }
            case "(", "[", "{":
                if brackets.count >= Lexer.maximumBracketDepth { throw Diagnostic.syntax("f-string: too many nested parenthesis", at: reader.location) }
                brackets.append(c)
            case ")", "]", "}":
                if brackets.isEmpty {
                    if c == "}" { break scan }
                    throw Diagnostic.syntax("f-string: unmatched '\(c)'", at: reader.location)
                }
                let open = brackets.removeLast()
                let expected: Unicode.Scalar = open == "(" ? ")" : open == "[" ? "]" : "}"
                if c != expected {
                    throw Diagnostic.syntax("f-string: closing parenthesis '\(c)' does not match opening parenthesis '\(open)'", at: reader.location)
                }
            case "#":
                throw Diagnostic.syntax("f-string expression part cannot include '#'", at: reader.location)
            default:
                break
            }
            reader.advance()
        }
        let expressionText = Array(reader.body[begin..<reader.index])
        if expressionText.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }) {
            throw Diagnostic.syntax("f-string: empty expression not allowed", at: expressionStart)
        }
        let value = try parseEmbeddedExpression(expressionText, at: expressionStart)
        var selfDocumenting: String?
        if reader.peek() == "=" {
            reader.advance()
            while let c = reader.peek(), c == " " || c == "\t" || c == "\n" || c == "\r" { reader.advance() }
            selfDocumenting = Lexer.normalizeLineBreaks(reader.body[begin..<reader.index])
        }
        var conversion: Character?
        if reader.peek() == "!" {
            reader.advance()
            guard let c = reader.peek(), c == "s" || c == "r" || c == "a" else {
                throw Diagnostic.syntax("f-string: invalid conversion character: expected 's', 'r', or 'a'", at: reader.location)
            }
            conversion = Character(c)
            reader.advance()
        }
        var spec: [FStringPart]?
        if reader.peek() == ":" {
            reader.advance()
            formatSpecDepth += 1
            defer { formatSpecDepth -= 1 }
            spec = try parseFormattedParts(&reader, literal: literal, stringLocation: stringLocation, inSpec: true)
        }
        guard reader.peek() == "}" else { throw Diagnostic.syntax("f-string: expecting '}'", at: reader.location) }
        reader.advance()
        // As CPython: `{x=}` without a conversion or spec shows the repr.
        if selfDocumenting != nil && conversion == nil && spec == nil { conversion = "r" }
        return .field(value: value, conversion: conversion, spec: spec, selfDocumenting: selfDocumenting)
    }

    /// Parses a field's expression as CPython does: as if it were wrapped in parentheses.
    private mutating func parseEmbeddedExpression(_ text: [Unicode.Scalar], at location: SourceLocation) throws -> Expr {
        let wrapped: [Unicode.Scalar] = ["("] + text + [")"]
        let tokens = Lexer.tokenizeEmbedded(wrapped, at: SourceLocation(line: location.line, column: location.column - 1))
        var parser = Parser(tokens: tokens, depth: depth + 1, stack: stack)
        parser.functionDepth = functionDepth
        parser.formatSpecDepth = formatSpecDepth
        do {
            let e = try parser.parseStarExpressionsOrYield()
            guard parser.isEnd else { throw parser.error("invalid syntax") }
            return e
        } catch var diagnostic as Diagnostic {
            if !diagnostic.message.hasPrefix("f-string") { diagnostic.message = "f-string: " + diagnostic.message }
            throw diagnostic
        }
    }

    // MARK: Tree depth

    /// Trees deeper than the limit are refused while they are built: even freeing such a tree
    /// recurses once per level.
    private func tooDeep(at location: SourceLocation) -> Diagnostic {
        Diagnostic.syntax("code nested too deeply (more than \(Parser.maximumTreeDepth) levels of expressions and blocks)", at: location)
    }

    private func checkHeight(_ height: Int, at location: SourceLocation) throws {
        if height > Parser.maximumTreeDepth { throw tooDeep(at: location) }
    }

    /// The height of an expression tree, measured without recursion; stops once past the limit.
    private func height(_ e: Expr) -> Int {
        var tallest = 0
        var stack: [(Expr, Int)] = [(e, 1)]
        while let (node, level) = stack.popLast() {
            tallest = max(tallest, level)
            if tallest > Parser.maximumTreeDepth { return tallest }
            for child in node.children { stack.append((child, level + 1)) }
        }
        return tallest
    }

    private func checkTreeDepth(_ statement: Stmt) throws {
        var stack: [(ASTNode, Int)] = [(.statement(statement), 1)]
        while let (node, level) = stack.popLast() {
            if level > Parser.maximumTreeDepth {
                throw tooDeep(at: node.location)
            }
            for child in node.children { stack.append((child, level + 1)) }
        }
    }
}

/// Reads an f-string's body, keeping track of line and column.
private struct FStringReader {
    let body: [Unicode.Scalar]
    var index = 0
    var location: SourceLocation

    init(body: [Unicode.Scalar], location: SourceLocation) {
        self.body = body
        self.location = location
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < body.count ? body[index + offset] : nil
    }

    mutating func advance() {
        guard index < body.count else { return }
        if body[index] == "\n" || (body[index] == "\r" && peek(1) != "\n") {
            location = SourceLocation(line: location.line + 1, column: 1)
        } else {
            location.column += 1
        }
        index += 1
    }
}

private extension Diagnostic {
    var asIndentation: Diagnostic {
        var copy = self
        if copy.kind == "SyntaxError" { copy.kind = "IndentationError" }
        return copy
    }
}
