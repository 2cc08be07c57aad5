import XCTest
@testable import Interpreter

/// Python's scoping rules as the scope pass computes them.
final class ScopeTests: XCTestCase {
    func testLocalsFreeAndCellVariables() throws {
        let module = try Parser.parse("""
        g = 1
        def outer(a, b=2, *rest, k, **kw):
            c = a
            def inner(x):
                return x + c + g
            squares = [c * i for i in range(3)]
            return inner
        """)
        let root = ScopeAnalyzer.analyze(module)
        XCTAssertEqual(root.resolve("g"), .global)
        let outer = try XCTUnwrap(root.children.first)
        XCTAssertEqual(outer.kind, .function("outer"))
        XCTAssertEqual(outer.parameters, ["a", "b", "rest", "k", "kw"])
        XCTAssertEqual(outer.boundNames, ["a", "b", "rest", "k", "kw", "c", "inner", "squares"])
        XCTAssertEqual(outer.cellNames, ["c"])
        XCTAssertEqual(outer.resolve("c"), .cell(0))
        XCTAssertEqual(outer.resolve("a"), .local(0))
        XCTAssertEqual(outer.resolve("g"), .global)
        XCTAssertEqual(outer.resolve("range"), .global)
        let inner = try XCTUnwrap(outer.children.first { $0.kind == .function("inner") })
        XCTAssertEqual(inner.freeNames, ["c"])
        XCTAssertEqual(inner.resolve("c"), .cell(0))
        XCTAssertEqual(inner.resolve("x"), .local(0))
        let comprehension = try XCTUnwrap(outer.children.first { $0.kind == .comprehension })
        XCTAssertEqual(comprehension.boundNames, ["i"])
        XCTAssertEqual(comprehension.freeNames, ["c"])
        // The first iterable is evaluated in the enclosing scope, so `range` is used by `outer`.
        XCTAssertNotNil(outer.firstUse["range"])
    }

    func testAssignmentAnywhereMakesANameLocal() throws {
        let root = ScopeAnalyzer.analyze(try Parser.parse("""
        x = 0
        def f():
            print(x)
            for x in range(2):
                pass
        """))
        let f = try XCTUnwrap(root.children.first)
        XCTAssertEqual(f.resolve("x"), .local(0))
        XCTAssertEqual(f.resolve("print"), .global)
        XCTAssertLessThan(try XCTUnwrap(f.firstUse["x"]), try XCTUnwrap(f.firstBinding["x"]))
    }

    func testWalrusInComprehensionBindsInEnclosingFunction() throws {
        let root = ScopeAnalyzer.analyze(try Parser.parse("""
        def f(xs):
            ys = [last := v for v in xs]
            return last
        """))
        let f = try XCTUnwrap(root.children.first)
        XCTAssertTrue(f.binds("last"))
        XCTAssertEqual(f.cellNames, ["last"])
        XCTAssertEqual(f.children.first?.freeNames, ["last"])
    }
}
