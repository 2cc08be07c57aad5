// Type objects (`int`, `str`, `ValueError`, host classes, ...) and exceptions. Types are values
// so that `isinstance(x, int)`, `int("3")` and `except (KeyError, IndexError)` work.
import Foundation

public final class TypeObject: @unchecked Sendable {
    public enum Kind {
        case none, bool, int, float, str, list, tuple, dict, set, frozenset, range, type, object
        case function, builtinFunction, slice, module, iterator
        case exception
        case host(HostType)
    }
    public let name: String
    public let kind: Kind
    public let base: TypeObject?

    init(_ name: String, _ kind: Kind, base: TypeObject? = nil) {
        self.name = name
        self.kind = kind
        self.base = base
    }

    /// `issubclass(self, other)`
    func isSubtype(of other: TypeObject) -> Bool {
        var t: TypeObject? = self
        while let c = t {
            if c === other { return true }
            t = c.base
        }
        return other === TypeObject.object
    }

    var isException: Bool { if case .exception = kind { return true } else { return false } }

    static let object = TypeObject("object", .object)
    static let int = TypeObject("int", .int)
    static let bool = TypeObject("bool", .bool, base: int)
    static let float = TypeObject("float", .float)
    static let str = TypeObject("str", .str)
    static let list = TypeObject("list", .list)
    static let tuple = TypeObject("tuple", .tuple)
    static let dict = TypeObject("dict", .dict)
    static let set = TypeObject("set", .set)
    static let frozenset = TypeObject("frozenset", .frozenset)
    static let range = TypeObject("range", .range)
    static let type = TypeObject("type", .type)
    static let noneType = TypeObject("NoneType", .none)
    static let function = TypeObject("function", .function)
    static let builtinFunction = TypeObject("builtin_function_or_method", .builtinFunction)
    static let slice = TypeObject("slice", .slice)
    static let module = TypeObject("module", .module)

    // The built-in exception hierarchy programs can raise and catch.
    static let baseException = TypeObject("BaseException", .exception)
    static let exception = TypeObject("Exception", .exception, base: baseException)
    static let arithmeticError = TypeObject("ArithmeticError", .exception, base: exception)
    static let zeroDivisionError = TypeObject("ZeroDivisionError", .exception, base: arithmeticError)
    static let overflowError = TypeObject("OverflowError", .exception, base: arithmeticError)
    static let lookupError = TypeObject("LookupError", .exception, base: exception)
    static let indexError = TypeObject("IndexError", .exception, base: lookupError)
    static let keyError = TypeObject("KeyError", .exception, base: lookupError)
    static let valueError = TypeObject("ValueError", .exception, base: exception)
    static let typeError = TypeObject("TypeError", .exception, base: exception)
    static let nameError = TypeObject("NameError", .exception, base: exception)
    static let unboundLocalError = TypeObject("UnboundLocalError", .exception, base: nameError)
    static let attributeError = TypeObject("AttributeError", .exception, base: exception)
    static let runtimeError = TypeObject("RuntimeError", .exception, base: exception)
    static let recursionError = TypeObject("RecursionError", .exception, base: runtimeError)
    static let notImplementedError = TypeObject("NotImplementedError", .exception, base: runtimeError)
    static let assertionError = TypeObject("AssertionError", .exception, base: exception)
    static let stopIteration = TypeObject("StopIteration", .exception, base: exception)
    static let importError = TypeObject("ImportError", .exception, base: exception)
    static let moduleNotFoundError = TypeObject("ModuleNotFoundError", .exception, base: importError)
    static let unicodeError = TypeObject("UnicodeError", .exception, base: valueError)
    /// Raised for constructs Loupe refuses when a program reaches the evaluator unchecked.
    static let syntaxError = TypeObject("SyntaxError", .exception, base: exception)
    /// Internal inconsistencies; should never reach a program.
    static let systemError = TypeObject("SystemError", .exception, base: exception)

    static let exceptionTypes: [TypeObject] = [
        baseException, exception, arithmeticError, zeroDivisionError, overflowError, lookupError,
        indexError, keyError, valueError, typeError, nameError, unboundLocalError, attributeError,
        runtimeError, recursionError, notImplementedError, assertionError, stopIteration,
        importError, moduleNotFoundError, unicodeError, syntaxError,
    ]

    /// Types callable by name from programs (`int("3")`, `isinstance(x, list)`).
    static let builtinTypes: [TypeObject] = [
        object, int, bool, float, str, list, tuple, dict, set, frozenset, range, type, slice,
    ]
}

/// One frame of a traceback: where the error passed through.
public struct TraceFrame: Sendable, Equatable {
    public var function: String
    public var line: Int
}

/// A Python exception value (`ValueError("bad")`).
public final class ExceptionObject {
    public let type: TypeObject
    public var args: [Value]
    /// Innermost frame last once fully unwound (CPython's order).
    public var traceback: [TraceFrame] = []
    /// The exception being handled when this one was raised (shown as "During handling ...").
    var context: ExceptionObject?

    init(_ type: TypeObject, args: [Value]) {
        self.type = type
        self.args = args
    }

    convenience init(_ type: TypeObject, _ message: String) {
        self.init(type, args: [.str(message)])
    }

    /// `str(e)`
    func message(_ rt: Runtime?) -> String {
        if args.isEmpty { return "" }
        if args.count == 1 {
            if type === TypeObject.keyError { return (try? reprString(args[0], rt)) ?? "" }
            return (try? strString(args[0], rt)) ?? ""
        }
        return (try? reprString(.tuple(TupleObject(args)), rt)) ?? ""
    }
}

/// A Python exception travelling up the Swift stack.
public struct PyError: Error {
    public let exception: ExceptionObject
    init(_ exception: ExceptionObject) { self.exception = exception }
    init(_ type: TypeObject, _ message: String) { exception = ExceptionObject(type, message) }

    static func typeError(_ m: String) -> PyError { PyError(.typeError, m) }
    static func valueError(_ m: String) -> PyError { PyError(.valueError, m) }
    static func indexError(_ m: String) -> PyError { PyError(.indexError, m) }
    static func attributeError(_ m: String) -> PyError { PyError(.attributeError, m) }
    static func nameError(_ m: String) -> PyError { PyError(.nameError, m) }
    static func zeroDivision(_ m: String) -> PyError { PyError(.zeroDivisionError, m) }
    static func overflow() -> PyError {
        PyError(.overflowError, "integer overflow: result does not fit in 64 bits")
    }
    static func keyError(_ key: Value) -> PyError { PyError(ExceptionObject(.keyError, args: [key])) }
}

/// A sandbox limit was exceeded. Not a Python exception: `except` cannot catch it and `finally`
/// blocks do not run, so a program cannot keep itself alive past a limit.
public struct LimitExceeded: Error, Sendable, CustomStringConvertible {
    /// The limit's name as in `Limits` ("maxSteps", "maxWallSeconds", ...).
    public var limit: String
    public var value: String
    public var line: Int?
    /// Frames the run was in when the limit hit, innermost first.
    public var traceback: [TraceFrame] = []
    public var description: String { "LimitExceeded: \(limit) (\(value)) exceeded" }
}
