// libFuzzer entry point for Loupe's interpreter: every input is a program, taken through the
// same path as `loupe check` (the static checker) and `loupe exec` (`Interpreter.run`), with
// tight limits so each input ends quickly. Built by scripts/fuzz-interpreter.sh together with
// Sources/Interpreter/*.swift as one module. A crash, trap, hang or sanitizer report is a bug.

private let registry = HostRegistry()

private let limits: Limits = {
    var limits = Limits()
    limits.maxSteps = 20_000
    limits.maxWallSeconds = 2
    limits.maxRecursionDepth = 100
    limits.maxCollectionSize = 100_000
    limits.maxStringLength = 100_000
    limits.maxTotalAllocation = 1_000_000
    limits.maxOutputBytes = 100_000
    return limits
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInterpreter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = Checker.check(source, registry: registry)
    _ = Interpreter(registry: registry, limits: limits).run(source: source, output: nil)
    return 0
}
