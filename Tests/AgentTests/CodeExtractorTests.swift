@testable import Agent
import XCTest

final class CodeExtractorTests: XCTestCase {
    let imageSignature = "def execute_command(image):"

    func testFencedBlockWithProseAround() throws {
        let reply = """
            Sure! Here is the program:
            ```python
            def execute_command(image):
                image_patch = ImagePatch(image)
                return len(image_patch.find("star"))
            ```
            It counts the stars.
            """
        XCTAssertEqual(try CodeExtractor.program(from: reply, signature: imageSignature), """
            def execute_command(image):
                image_patch = ImagePatch(image)
                return len(image_patch.find("star"))

            """)
    }

    func testBareProgramWithHelperAndTrailingProse() throws {
        let reply = """
            I will define a helper.
            def is_red(patch):
                return patch.verify_property("object", "red")

            def execute_command(image):
                return "yes"
            This returns yes.
            """
        XCTAssertEqual(try CodeExtractor.program(from: reply, signature: imageSignature), """
            def is_red(patch):
                return patch.verify_property("object", "red")

            def execute_command(image):
                return "yes"

            """)
    }

    func testContinuationOfThePromptsDefLine() throws {
        // A completion model continues after "def execute_command(image):\n".
        let reply = "    image_patch = ImagePatch(image)\n    return image_patch.simple_query(\"What color?\")\n\n# Question: next"
        XCTAssertEqual(try CodeExtractor.program(from: reply, signature: imageSignature), """
            def execute_command(image):
                image_patch = ImagePatch(image)
                return image_patch.simple_query("What color?")

            """)
    }

    func testContinuationAfterTheBodyStartThePromptGave() throws {
        // The prompt ended with the body's first line; the reply goes on from there, and a
        // whole program written instead (fenced or bare) is taken as it is.
        let start = "    image_patch = ImagePatch(image)\n"
        XCTAssertEqual(try CodeExtractor.program(from: "    return len(image_patch.find(\"star\"))\n", signature: imageSignature, bodyStart: start),
                       "def execute_command(image):\n    image_patch = ImagePatch(image)\n    return len(image_patch.find(\"star\"))\n")
        XCTAssertEqual(try CodeExtractor.program(from: "```python\ndef execute_command(image):\n    return 3\n```", signature: imageSignature,
                                                 bodyStart: start),
                       "def execute_command(image):\n    return 3\n")
        XCTAssertThrowsError(try CodeExtractor.program(from: "Sorry, I cannot.", signature: imageSignature, bodyStart: start))
    }

    func testUnindentedContinuationIsIndented() throws {
        let reply = "return \"no\""
        XCTAssertEqual(try CodeExtractor.program(from: reply, signature: "def execute_command(video, question, possible_answers):"),
                       "def execute_command(video, question, possible_answers):\n    return \"no\"\n")
    }

    func testUnclosedFenceFromATruncatedReply() throws {
        let reply = "```python\ndef execute_command(image):\n    return 3"
        XCTAssertEqual(try CodeExtractor.program(from: reply, signature: imageSignature), "def execute_command(image):\n    return 3\n")
    }

    func testProseIsNotTakenForAFunctionBody() {
        for prose in ["I am sorry, I cannot help with that.", "Sorry. I can't.", "The answer is 3"] {
            XCTAssertThrowsError(try CodeExtractor.program(from: prose, signature: imageSignature), prose) { error in
                XCTAssertTrue("\(error)".contains("holds no program"), "\(error)")
            }
        }
        for statement in ["x = 3", "patches[0].left += 1", "print(1)", "image_patch.find(\"x\")", "return 1"] {
            XCTAssertNoThrow(try CodeExtractor.program(from: statement, signature: imageSignature), statement)
        }
    }

    func testEmptyAndWhitespaceRepliesAreErrors() {
        XCTAssertThrowsError(try CodeExtractor.program(from: "", signature: imageSignature)) { error in
            XCTAssertEqual("\(error)", "the controller's reply is empty")
        }
        XCTAssertThrowsError(try CodeExtractor.program(from: "  \n\t\n", signature: imageSignature))
    }
}
