import XCTest
@testable import Interpreter

/// Every sandbox limit stops a run with `LimitExceeded` naming the limit, without crashing the
/// host, and a program cannot catch it.
final class LimitsTests: XCTestCase {
    private func error(_ source: String, _ configure: (inout Limits) -> Void = { _ in }) -> RunError? {
        var limits = Limits()
        configure(&limits)
        return Interpreter(limits: limits).run(source: source).error
    }

    func testStepLimitStopsInfiniteLoopAndCannotBeCaught() {
        let e = error("""
        try:
            while True:
                pass
        except Exception:
            print("caught")
        """) { $0.maxSteps = 10_000 }
        XCTAssertEqual(e?.typeName, "LimitExceeded")
        XCTAssertEqual(e?.message, "maxSteps (10000) exceeded")
        XCTAssertEqual(e?.line, 3)
    }

    func testWallTimeLimit() {
        let e = error("while True:\n    x = 1") { $0.maxWallSeconds = 0.2; $0.maxSteps = Int.max }
        XCTAssertEqual(e?.message, "maxWallSeconds (0.2) exceeded")
    }

    func testSizesAreCheckedBeforeAllocating() {
        XCTAssertEqual(error("s = 'a' * 10**12")?.message, "maxStringLength (\(Limits.default.maxStringLength)) exceeded")
        XCTAssertEqual(error("xs = [0] * 10**10")?.message, "maxCollectionSize (\(Limits.default.maxCollectionSize)) exceeded")
        XCTAssertEqual(error("xs = list(range(10**18))")?.message, "maxCollectionSize (\(Limits.default.maxCollectionSize)) exceeded")
        XCTAssertEqual(error("xs = [0] * (2**62)")?.typeName, "LimitExceeded")
        XCTAssertEqual(error("print(f'{1:1000000000}')")?.message, "maxStringLength (\(Limits.default.maxStringLength)) exceeded")
    }

    func testTotalAllocationLimit() {
        let e = error("""
        keep = []
        for i in range(100):
            keep.append([0] * 1000)
        """) { $0.maxTotalAllocation = 50_000 }
        XCTAssertEqual(e?.message, "maxTotalAllocation (50000) exceeded")
    }

    func testRecursionDepthRaisesCatchableRecursionError() {
        let r = Interpreter().run(source: """
        def down(n):
            return down(n + 1)
        try:
            down(0)
        except RecursionError as e:
            print("stopped:", e)
        def ok(n):
            return 0 if n == 0 else 1 + ok(n - 1)
        print(ok(990))
        """)
        XCTAssertNil(r.error, r.error?.traceback ?? "")
        XCTAssertEqual(r.output, "stopped: maximum recursion depth exceeded\n990\n")
    }

    func testDeepNestedValuesDoNotOverflowTheStack() {
        // Building, printing and freeing a list nested a million deep: repr raises RecursionError
        // like CPython, and freeing it must not recurse a million levels.
        let r = Interpreter().run(source: """
        a = []
        for i in range(1000000):
            a = [a]
        try:
            print(a)
        except RecursionError:
            print("repr too deep")
        a = None
        print("freed")
        """)
        XCTAssertNil(r.error, r.error?.traceback ?? "")
        XCTAssertEqual(r.output, "repr too deep\nfreed\n")
    }

    func testIntegerOverflowIsAnErrorNotAWrap() {
        for source in ["x = 9223372036854775807 + 1", "x = -(-9223372036854775807 - 1)", "x = 3 ** 40",
                       "x = abs(-9223372036854775807 - 1)", "x = (-9223372036854775807 - 1) // -1", "x = 1 << 63",
                       "x = sum([9223372036854775807, 1])", "x = int(1e19)"] {
            XCTAssertEqual(error(source)?.description, "OverflowError: integer overflow: result does not fit in 64 bits", source)
        }
    }

    func testOutputLimit() {
        XCTAssertEqual(error("while True:\n    print('x' * 1000)") { $0.maxOutputBytes = 10_000 }?.message,
                       "maxOutputBytes (10000) exceeded")
    }
}
