// The public entry point: parse, compile and run a program in the sandbox, on a thread with a
// large stack, then call functions the program defined (`execute_command(image)`).
import Foundation

/// An error that ended a run: a Python exception, a syntax error or an exceeded limit.
public struct RunError: Error, Sendable, CustomStringConvertible {
    /// `ZeroDivisionError`, `SyntaxError`, `LimitExceeded`, ...
    public var typeName: String
    public var message: String
    /// Line of the innermost frame, when known.
    public var line: Int?
    /// The full text as CPython prints it (`Traceback (most recent call last): ...`).
    public var traceback: String
    public var isLimit: Bool { typeName == "LimitExceeded" }
    /// `TypeName: message` (or just `TypeName`).
    public var description: String { message.isEmpty ? typeName : "\(typeName): \(message)" }
}

public struct RunResult: Sendable {
    /// Everything the program printed.
    public var output: String
    public var error: RunError?
    /// Host calls in order.
    public var trace: [TraceEvent]
    /// The value returned by `call`; nil for `run` or when the call failed.
    public var value: Value?
    public var steps: Int
}

public final class Interpreter: @unchecked Sendable {
    public let registry: HostRegistry
    public let limits: Limits
    private var runtime: Runtime?
    private var path = "<program>"
    private var moduleFrame: Frame?

    public init(registry: HostRegistry = HostRegistry(), limits: Limits = .default) {
        self.registry = registry
        self.limits = limits
    }

    /// Runs a whole program. Output is collected in the result and, when `output` is given, also
    /// passed to it as it is printed. Functions the program defines stay available to `call`.
    public func run(source: String, path: String = "<program>", output: ((String) -> Void)? = nil) -> RunResult {
        self.path = path
        return onLargeStack { self.runHere(source: source, output: output) }
    }

    /// Calls a function the last `run` defined, e.g. `call("execute_command", [.host(image)])`.
    public func call(_ functionName: String, _ arguments: [Value], output: ((String) -> Void)? = nil) -> RunResult {
        onLargeStack { self.callHere(functionName, arguments, output: output) }
    }

    private func runHere(source: String, output: ((String) -> Void)?) -> RunResult {
        var collected = ""
        let rt = Runtime(limits: limits, registry: registry) { text in
            collected += text
            output?(text)
        }
        rt.sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        rt.stack = StackGuard(reserve: 8 << 20)
        runtime = rt
        let module: Module
        do {
            module = try Parser.parse(source)
        } catch let d as Diagnostic {
            return RunResult(output: "", error: syntaxError(d, rt), trace: [], value: nil, steps: 0)
        } catch {
            return RunResult(output: "", error: RunError(typeName: "SyntaxError", message: "\(error)", line: nil, traceback: "SyntaxError: \(error)"),
                             trace: [], value: nil, steps: 0)
        }
        let frame: Frame
        do {
            let scope = ScopeAnalyzer.analyze(module)
            let body = try Compiler(rt: rt, scope: scope).block(module.body)
            bindGlobals(rt)
            frame = Frame(slotCount: 0, cells: [], name: "<module>")
            moduleFrame = frame
            do {
                _ = try body(frame)
            } catch let e as PyError {
                e.exception.traceback.append(TraceFrame(function: "<module>", line: frame.line))
                throw e
            } catch var e as LimitExceeded {
                if e.line == nil { e.line = frame.line }
                e.traceback.append(TraceFrame(function: "<module>", line: frame.line))
                throw e
            }
        } catch {
            return RunResult(output: collected, error: describe(error, rt), trace: rt.trace, value: nil, steps: rt.stepsExecuted)
        }
        return RunResult(output: collected, error: nil, trace: rt.trace, value: nil, steps: rt.stepsExecuted)
    }

    private func callHere(_ name: String, _ arguments: [Value], output: ((String) -> Void)?) -> RunResult {
        guard let rt = runtime else {
            let message = "no program has been run; call run(source:) first"
            return RunResult(output: "", error: RunError(typeName: "RuntimeError", message: message, line: nil, traceback: "RuntimeError: \(message)"),
                             trace: [], value: nil, steps: 0)
        }
        rt.stack = StackGuard(reserve: 8 << 20)
        var collected = ""
        let previousOutput = rt.output
        rt.output = { text in
            collected += text
            output?(text)
        }
        defer { rt.output = previousOutput }
        let traceStart = rt.trace.count
        do {
            guard let slot = rt.globals.index[name], let f = rt.globals.values[slot] else {
                throw PyError.nameError("name '\(name)' is not defined")
            }
            let value = try rt.call(f, arguments)
            return RunResult(output: collected, error: nil, trace: Array(rt.trace[traceStart...]), value: value, steps: rt.stepsExecuted)
        } catch {
            return RunResult(output: collected, error: describe(error, rt), trace: Array(rt.trace[traceStart...]), value: nil, steps: rt.stepsExecuted)
        }
    }

    /// Unbound globals fall back to host registrations, then Python builtins.
    private func bindGlobals(_ rt: Runtime) {
        let table = rt.globals
        for (i, name) in table.names.enumerated() {
            if let t = registry.type(named: name) {
                table.fallback[i] = .type(t.typeObject)
            } else if let f = registry.function(named: name) {
                table.fallback[i] = .builtin(BuiltinFunction(name) { rt, args, kwargs in
                    try rt.callHostFunction(f, args, kwargs, line: rt.callLine)
                })
            } else {
                table.fallback[i] = Builtins.value(named: name)
            }
        }
    }

    // MARK: Error text

    private func sourceLine(_ rt: Runtime, _ line: Int) -> String? {
        guard line >= 1, line <= rt.sourceLines.count else { return nil }
        let text = rt.sourceLines[line - 1].trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    private func describe(_ error: Error, _ rt: Runtime) -> RunError {
        switch error {
        case let e as PyError:
            let exc = e.exception
            var lines = ["Traceback (most recent call last):"]
            for frame in exc.traceback.reversed() {
                lines.append("  File \"\(path)\", line \(frame.line), in \(frame.function)")
                if let text = sourceLine(rt, frame.line) { lines.append("    " + text) }
            }
            let message = exc.message(rt)
            lines.append(message.isEmpty ? exc.type.name : "\(exc.type.name): \(message)")
            return RunError(typeName: exc.type.name, message: message, line: exc.traceback.first?.line,
                            traceback: lines.joined(separator: "\n"))
        case let e as LimitExceeded:
            let message = "\(e.limit) (\(e.value)) exceeded"
            var lines: [String] = []
            if !e.traceback.isEmpty { lines.append("Traceback (most recent call last):") }
            for frame in e.traceback.reversed() {
                lines.append("  File \"\(path)\", line \(frame.line), in \(frame.function)")
                if let text = sourceLine(rt, frame.line) { lines.append("    " + text) }
            }
            lines.append("LimitExceeded: \(message)")
            return RunError(typeName: "LimitExceeded", message: message, line: e.line, traceback: lines.joined(separator: "\n"))
        default:
            return RunError(typeName: "RuntimeError", message: "\(error)", line: nil, traceback: "RuntimeError: \(error)")
        }
    }

    private func syntaxError(_ d: Diagnostic, _ rt: Runtime) -> RunError {
        var lines = ["  File \"\(path)\", line \(d.location.line)"]
        if d.location.line >= 1, d.location.line <= rt.sourceLines.count {
            let raw = rt.sourceLines[d.location.line - 1]
            let stripped = raw.drop { $0 == " " || $0 == "\t" }
            let removed = raw.count - stripped.count
            lines.append("    " + stripped)
            lines.append("    " + String(repeating: " ", count: max(0, d.location.column - 1 - removed)) + "^")
        }
        lines.append("\(d.kind): \(d.message)")
        return RunError(typeName: d.kind, message: d.message, line: d.location.line, traceback: lines.joined(separator: "\n"))
    }
}

/// Runs `body` on a thread with a 512 MiB stack and waits for it. Deep (but limited) recursion
/// in programs then never reaches the end of the stack.
private final class ThreadBody: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

func onLargeStack<T>(_ body: @escaping () -> T) -> T {
    typealias Box = ThreadBody
    var result: T?
    let box = Box { result = body() }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, 512 << 20)
    var thread = pthread_t()
    let context = Unmanaged.passRetained(box).toOpaque()
    let created = pthread_create(&thread, &attributes, { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
        box.body()
        return nil
    }, context)
    if created != 0 {
        // Could not get a big stack: run here rather than fail.
        Unmanaged<Box>.fromOpaque(context).release()
        return body()
    }
    pthread_join(thread, nil)
    return result!
}
