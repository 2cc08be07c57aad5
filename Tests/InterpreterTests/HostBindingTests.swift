import XCTest
@testable import Interpreter

/// Host types and functions registered through `HostRegistry`: what programs can reach, what the
/// trace records, and the API text rendered from the same registrations.
final class HostBindingTests: XCTestCase {
    struct Box { var left: Int64, lower: Int64, right: Int64, upper: Int64 }

    private func makeRegistry() -> HostRegistry {
        let registry = HostRegistry()
        let patch = HostType(name: "ImagePatch", doc: "A rectangle of an image.")
        func wrap(_ b: Box) -> Value {
            .host(HostObject(type: patch, payload: b) { "ImagePatch(\(b.left), \(b.lower), \(b.right), \(b.upper))" })
        }
        patch.setConstructor(HostSignature([
            HostParameter("left", "int", default: .int(0)), HostParameter("lower", "int", default: .int(0)),
            HostParameter("right", "int", default: .int(10)), HostParameter("upper", "int", default: .int(10)),
        ]), doc: "Makes a patch.") { args in
            wrap(Box(left: args[0].intValue!, lower: args[1].intValue!, right: args[2].intValue!, upper: args[3].intValue!))
        }
        patch.addProperty("width", "int", doc: "Width in pixels.") { h in .int((h.payload as! Box).right - (h.payload as! Box).left) }
        patch.addMethod("find", HostSignature([HostParameter("object_name", "str")], returns: "list[ImagePatch]"),
                        doc: "Every instance of the object, as patches.") { h, args in
            guard let name = args["object_name"].stringValue else { throw HostError.typeError("object_name must be a str") }
            let b = h.payload as! Box
            return name == "cat" ? .makeList([wrap(Box(left: b.left, lower: b.lower, right: b.left + 2, upper: b.lower + 2))]) : .makeList([])
        }
        registry.register(patch)
        registry.registerFunction("bool_to_yesno", HostSignature([HostParameter("bool_answer", "bool")], returns: "str"),
                                  doc: "'yes' or 'no'.") { args in .str(args[0].isTruthy ? "yes" : "no") }
        return registry
    }

    func testProgramsUseHostTypesAndCallsAreTraced() {
        let interpreter = Interpreter(registry: makeRegistry())
        let r = interpreter.run(source: """
        p = ImagePatch(0, 0, 100, 50)
        cats = p.find("cat")
        print(len(cats), cats[0].width, p.width, cats)
        print(bool_to_yesno(len(p.find(object_name="dog")) > 0))
        """)
        XCTAssertNil(r.error, r.error?.traceback ?? "")
        XCTAssertEqual(r.output, "1 2 100 [ImagePatch(0, 0, 2, 2)]\nno\n")
        XCTAssertEqual(r.trace.map(\.callee), ["ImagePatch", "ImagePatch.find", "ImagePatch.find", "bool_to_yesno"])
        XCTAssertEqual(r.trace.map(\.line), [1, 2, 4, 4])
        XCTAssertEqual(r.trace[1].arguments, ["ImagePatch(0, 0, 100, 50)", "'cat'"])
        XCTAssertEqual(r.trace[1].result, "[ImagePatch(0, 0, 2, 2)]")
        XCTAssertEqual(r.trace[3].result, "'no'")
    }

    func testHostErrorsArityAndPrivateAttributes() {
        let interpreter = Interpreter(registry: makeRegistry())
        XCTAssertEqual(interpreter.run(source: "ImagePatch().find()").error?.description,
                       "TypeError: find() missing 1 required positional argument: 'object_name'")
        XCTAssertEqual(interpreter.run(source: "ImagePatch().find(3)").error?.description,
                       "TypeError: object_name must be a str")
        XCTAssertEqual(interpreter.run(source: "ImagePatch().nope").error?.description,
                       "AttributeError: 'ImagePatch' object has no attribute 'nope'; 'ImagePatch' has only 'find', 'width'")
        XCTAssertEqual(interpreter.run(source: "ImagePatch()._payload").error?.typeName, "AttributeError")
        XCTAssertEqual(interpreter.run(source: "p = ImagePatch()\np.width = 3").error?.typeName, "AttributeError")
        let failed = interpreter.run(source: "ImagePatch().find(3)")
        XCTAssertEqual(failed.trace.last?.error, "TypeError: object_name must be a str")
    }

    func testHostCallLimit() {
        var limits = Limits()
        limits.maxHostCalls = 3
        let r = Interpreter(registry: makeRegistry(), limits: limits).run(source: """
        for i in range(10):
            bool_to_yesno(True)
        """)
        XCTAssertEqual(r.error?.message, "maxHostCalls (3) exceeded")
        XCTAssertEqual(r.trace.count, 3)
    }

    func testCheckerQueries() {
        let registry = makeRegistry()
        let patch = registry.type(named: "ImagePatch")
        XCTAssertNotNil(patch?.method(named: "find"))
        XCTAssertNotNil(patch?.property(named: "width"))
        XCTAssertFalse(patch?.hasMember("nope") ?? true)
        XCTAssertEqual(patch?.method(named: "find")?.signature.minimumArguments, 1)
        XCTAssertEqual(patch?.method(named: "find")?.signature.maximumPositionalArguments, 1)
        XCTAssertEqual(patch?.method(named: "find")?.signature.returnAnnotation, "list[ImagePatch]")
        XCTAssertEqual(registry.function(named: "bool_to_yesno")?.signature.returnAnnotation, "str")
        XCTAssertTrue(registry.globalNames.isSuperset(of: ["len", "ImagePatch", "bool_to_yesno", "ValueError", "sorted"]))
        XCTAssertFalse(HostRegistry.builtinNames.contains("open"))
        XCTAssertTrue(HostRegistry.builtinMethods(of: "str").contains("split"))
    }

    func testAPITextRendersStubs() {
        XCTAssertEqual(makeRegistry().renderAPIText(), """
        class ImagePatch:
            \"\"\"A rectangle of an image.\"\"\"
            width: int
            \"\"\"Width in pixels.\"\"\"

            def __init__(self, left: int = 0, lower: int = 0, right: int = 10, upper: int = 10):
                \"\"\"Makes a patch.\"\"\"
                ...

            def find(self, object_name: str) -> list[ImagePatch]:
                \"\"\"Every instance of the object, as patches.\"\"\"
                ...


        def bool_to_yesno(bool_answer: bool) -> str:
            \"\"\"'yes' or 'no'.\"\"\"
            ...

        """)
    }
}
