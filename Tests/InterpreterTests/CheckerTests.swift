import XCTest
@testable import Interpreter

/// Every kind of finding of the static checker, with its message and line:column, against a
/// registry shaped like the vision API (an `ImagePatch` host type and a free function).
final class CheckerTests: XCTestCase {
    static let registry: HostRegistry = {
        let registry = HostRegistry()
        let patch = HostType(name: "ImagePatch", doc: "A crop of an image.")
        patch.setConstructor(HostSignature([HostParameter("image"), HostParameter("left", "int", default: Value.none)]), doc: "") { _ in .none }
        patch.addProperty("left", "int", doc: "") { _ in .int(0) }
        patch.addProperty("width", "int", doc: "") { _ in .int(0) }
        patch.addMethod("find", HostSignature([HostParameter("object_name", "str")], returns: "list[ImagePatch]"), doc: "") { _, _ in .none }
        patch.addMethod("exists", HostSignature([HostParameter("object_name", "str")], returns: "bool"), doc: "") { _, _ in .none }
        patch.addMethod("crop", HostSignature([HostParameter("left", "int"), HostParameter("lower", "int"),
                                               HostParameter("right", "int"), HostParameter("upper", "int")], returns: "ImagePatch"), doc: "") { _, _ in .none }
        patch.addMethod("simple_query", HostSignature([HostParameter("question", "str"), HostParameter("k", "int", default: .int(1), kind: .keywordOnly)],
                                                      returns: "str"), doc: "") { _, _ in .none }
        registry.register(patch)
        registry.registerFunction("best_match", HostSignature([HostParameter("patches", "list[ImagePatch]"), HostParameter("text", "str")],
                                                               returns: "ImagePatch"), doc: "") { _ in .none }
        return registry
    }()

    private func findings(_ source: String) -> [String] {
        Checker.check(source, registry: Self.registry).map(\.description)
    }

    func testCleanProgramHasNoFindings() {
        let source = """
        import math
        from math import sqrt

        def execute_command(image, threshold=0.5):
            '''Counts people.'''
            image_patch = ImagePatch(image)
            people = image_patch.find("person")
            people.sort(key=lambda p: p.left)
            widths = [p.width for p in people if p.exists("hat")]
            total = 0
            for person in people:
                total += person.crop(0, 0, 1, 1).width
            best = best_match(people, "tall")
            answer = best.simple_query("what color?", k=2)
            try:
                ratio = total / len(widths)
            except ZeroDivisionError as error:
                ratio = math.inf
            def helper(n):
                return n + total
            return f"{answer} {ratio:.2f} {helper(1)} {sqrt(4)}", max(widths, default=0)

        print(execute_command(None))
        """
        XCTAssertEqual(findings(source), [])
    }

    func testSyntaxErrorIsTheOnlyFinding() {
        XCTAssertEqual(findings("x = undefined\nif x\n    pass\n"), ["2:5: expected ':'"])
    }

    func testRefusedConstructsAreAllReported() {
        let source = """
        class A:
            pass
        def f():
            global counter
            yield 1
        with x:
            pass
        @f
        def g():
            pass
        lambda: (yield)
        """
        XCTAssertEqual(findings(source), [
            "1:1: class definitions are not supported in Loupe programs",
            "4:5: 'global' statements are not supported in Loupe programs",
            "5:5: 'yield' expressions are not supported in Loupe programs",
            "6:1: 'with' statements are not supported in Loupe programs",
            "8:1: decorators are not supported in Loupe programs",
            "11:10: 'yield' expressions are not supported in Loupe programs",
        ])
    }

    func testImportsOtherThanMathAreRefused() {
        XCTAssertEqual(findings("import os\nimport math, sys\nfrom subprocess import run\nimport numpy as np\n"), [
            "1:1: import of 'os' is not allowed in Loupe programs (only 'math' can be imported)",
            "2:1: import of 'sys' is not allowed in Loupe programs (only 'math' can be imported)",
            "3:1: import of 'subprocess' is not allowed in Loupe programs (only 'math' can be imported)",
            "4:1: \(Checker.numpyMessage)",
        ])
    }

    func testNumpyUseNamesTheBuiltInsToUseInstead() {
        let result = findings("x = np.mean([1, 2])\n")
        XCTAssertEqual(result, ["1:5: \(Checker.numpyMessage)"])
        XCTAssertTrue(result[0].contains("sum") && result[0].contains("math"))
    }

    func testDangerousNamesAreRefused() {
        let source = "eval('1')\nexec('x')\nf = open('p')\n__import__('os')\ncompile('', '', 'exec')\nglobals()\nvars()\nbreakpoint()\ninput()\n"
        let result = findings(source)
        XCTAssertEqual(result.count, 9)
        for (i, name) in ["eval", "exec", "open", "__import__", "compile", "globals", "vars", "breakpoint", "input"].enumerated() {
            XCTAssertTrue(result[i].hasPrefix("\(i + 1):"), result[i])
            XCTAssertTrue(result[i].contains("'\(name)' is not available in Loupe programs"), result[i])
        }
    }

    func testPrivateAttributesAreRefused() {
        XCTAssertEqual(findings("x = [].__class__\ny = 'a'._private\nz = getattr(x, '__dict__')\n"), [
            "1:5: access to '__class__' is not allowed: attributes starting with '_' are refused in Loupe programs",
            "2:5: access to '_private' is not allowed: attributes starting with '_' are refused in Loupe programs",
            "3:16: access to '__dict__' is not allowed: attributes starting with '_' are refused in Loupe programs",
        ])
    }

    func testUndefinedNamesFollowPythonScoping() {
        let source = """
        def outer(a):
            b = 1
            def inner():
                return a + b + c + later
            squares = [x * x for x in range(a)]
            return inner() + x
        later = 2
        print(outer(1), y, undefined_function(3))
        """
        XCTAssertEqual(findings(source), [
            "4:24: name 'c' is not defined",
            "6:22: name 'x' is not defined",
            "8:17: name 'y' is not defined",
            "8:20: unknown function 'undefined_function': name 'undefined_function' is not defined",
        ])
    }

    func testMisspelledNamesGetASuggestion() {
        XCTAssertEqual(findings("print(lenn([1]))\n"), ["1:7: unknown function 'lenn': name 'lenn' is not defined; did you mean 'len'?"])
    }

    func testNamesReadBeforeAssignmentInStraightLineCode() {
        let source = """
        print(total)
        total = 0
        if flag:
            later = 1
        flag = True
        def f():
            return unknown_until_called
        unknown_until_called = 3
        print(f())
        """
        XCTAssertEqual(findings(source), [
            "1:7: name 'total' is used before it is assigned",
            "3:4: name 'flag' is used before it is assigned",
        ])
    }

    func testUnknownMembersOfHostTypes() {
        let source = """
        def execute_command(image):
            image_patch = ImagePatch(image)
            people = image_patch.find_all("person")
            for person in image_patch.find("person"):
                print(person.lft, person.left)
            first = image_patch.find("dog")[0]
            first.compute_depth()
            best_match([first], "x").hieght
        def check(image_patch):
            return image_patch.exist("cat")
        def annotated(p: ImagePatch):
            return p.colour
        """
        XCTAssertEqual(findings(source), [
            "3:14: 'ImagePatch' object has no attribute 'find_all'",
            "5:15: 'ImagePatch' object has no attribute 'lft'; did you mean 'left'?",
            "7:5: 'ImagePatch' object has no attribute 'compute_depth'",
            "8:5: 'ImagePatch' object has no attribute 'hieght'",
            "10:12: 'ImagePatch' object has no attribute 'exist'; did you mean 'exists'?",
            "12:12: 'ImagePatch' object has no attribute 'colour'",
        ])
    }

    func testUnknownMethodsOfBuiltInTypes() {
        XCTAssertEqual(findings("names = []\nnames.push(1)\n'abc'.uppercase()\nd = {}\nd.has_key(1)\ns = 'x'.lower()\ns.trim()\n"), [
            "2:1: 'list' object has no attribute 'push'",
            "3:1: 'str' object has no attribute 'uppercase'",
            "5:1: 'dict' object has no attribute 'has_key'",
            "7:1: 'str' object has no attribute 'trim'; did you mean 'strip'?",
        ])
    }

    func testArityOfHostCalls() {
        let source = """
        patch = ImagePatch(image, 1, 2)
        patch.find()
        patch.find("a", "b")
        patch.crop(1, 2)
        patch.find(object_name="a", color="red")
        patch.find("a", object_name="b")
        patch.simple_query("q", 2)
        best_match()
        patch.find(*["ok"])
        image = None
        """
        XCTAssertEqual(findings(source), [
            "1:9: ImagePatch() takes 2 positional arguments but 3 were given",
            "2:1: ImagePatch.find() missing 1 required positional argument: 'object_name'",
            "3:1: ImagePatch.find() takes 1 positional argument but 2 were given",
            "4:1: ImagePatch.crop() missing 2 required positional arguments: 'right' and 'upper'",
            "5:1: ImagePatch.find() got an unexpected keyword argument 'color'",
            "6:1: ImagePatch.find() got multiple values for argument 'object_name'",
            "7:1: ImagePatch.simple_query() takes 1 positional argument but 2 were given",
            "8:1: best_match() missing 2 required positional arguments: 'patches' and 'text'",
            "1:20: name 'image' is used before it is assigned",
        ].sorted { $0.compare($1, options: .numeric) == .orderedAscending })
    }

    func testUserDefinitionsShadowHostNames() {
        XCTAssertEqual(findings("def best_match():\n    return 1\nbest_match()\nImagePatch = dict\nImagePatch().keys()\n"), [])
    }

    func testFindingsAreSortedByPosition() {
        let result = Checker.check("import os\nx = y\nclass C: pass\nz = [].__len__\n", registry: Self.registry)
        XCTAssertEqual(result.map(\.location), result.map(\.location).sorted())
        XCTAssertEqual(result.map(\.kind), ["ImportError", "NameError", "SyntaxError", "AttributeError"])
    }

    func testDeepButValidProgramsAreCheckedWithoutCrashing() {
        let programs = [
            "x = " + String(repeating: "[", count: 199) + "y" + String(repeating: "]", count: 199) + "\n",
            "x = " + Array(repeating: "y", count: 900).joined(separator: " + ") + "\n",
            "x = y" + String(repeating: " if y else y", count: 240) + "\n",
            "x = " + String(repeating: "-", count: 900) + "y\n",
            "x = y" + String(repeating: ".z", count: 900) + "\n",
            (0..<99).map { String(repeating: " ", count: $0) + "if y:\n" }.joined() + String(repeating: " ", count: 99) + "pass\n",
            (0..<60).map { String(repeating: " ", count: $0) + "def f\($0)(a=[b for b in y]):\n" }.joined() + String(repeating: " ", count: 60) + "return lambda: a\n",
        ]
        for program in programs {
            let result = Checker.check(program, registry: Self.registry)
            XCTAssertTrue(result.allSatisfy { $0.message == "name 'y' is not defined" }, "\(program.prefix(30)): \(result.prefix(3))")
            XCTAssertEqual(result.count, 1, "\(program.prefix(30))")
        }
    }

    func testUnknownMembersOfTheMathModule() {
        XCTAssertEqual(findings("import math\nimport math as m\nfrom math import sqroot, pi\nprint(math.sqroot(2), m.floor(1.5), m.pie)\n"), [
            "3:1: cannot import name 'sqroot' from 'math'; did you mean 'sqrt'?",
            "4:7: module 'math' has no attribute 'sqroot'; did you mean 'sqrt'?",
            "4:37: module 'math' has no attribute 'pie'; did you mean 'pi'?",
        ])
    }
}
