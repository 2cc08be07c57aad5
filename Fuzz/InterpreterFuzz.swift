// libFuzzer entry point for Loupe's interpreter: every input is a program, run through the same
// path `loupe check` and `loupe exec` take. Built by scripts/fuzz-interpreter.sh together with
// Sources/Interpreter/*.swift as one module. A crash, trap, hang or sanitizer report is a bug.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInterpreter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    FuzzTarget.run(source)
    return 0
}
