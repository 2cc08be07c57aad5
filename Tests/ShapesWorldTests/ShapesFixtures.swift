import Foundation
import XCTest

/// Reads a generated Shapes world folder with Foundation's JSON parser only (nothing from the
/// generator), so the tests recompute answers independently of the code that produced them.
struct GeneratedSet {
    let root: URL
    let questions: [[String: Any]]

    init(root: URL) throws {
        self.root = root
        let text = try String(contentsOf: root.appendingPathComponent("questions.jsonl"), encoding: .utf8)
        questions = try text.split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    func json(_ relativePath: String) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent(relativePath))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

/// An object as the scene file or a timeline frame describes it.
struct FileObject {
    let id: Int
    let shape: String
    let color: String
    let size: String
    let box: [Int]
    let label: String?

    init(_ object: [String: Any]) throws {
        id = try XCTUnwrap(object["id"] as? Int)
        shape = try XCTUnwrap(object["shape"] as? String)
        color = try XCTUnwrap(object["color"] as? String)
        size = try XCTUnwrap(object["size"] as? String)
        box = try XCTUnwrap(object["box"] as? [Int])
        label = object["label"] as? String
    }

    init(id: Int, shape: String, color: String, size: String, box: [Int]) {
        self.id = id
        self.shape = shape
        self.color = color
        self.size = size
        self.box = box
        label = nil
    }

    var centerX: Double { Double(box[0] + box[2]) / 2 }
    var centerY: Double { Double(box[1] + box[3]) / 2 }
    var area: Int { (box[2] - box[0]) * (box[3] - box[1]) }
}

/// `[small|large] [color] (shape|object)`, singular or plural.
struct Phrase {
    var size: String?
    var color: String?
    var shape: String?

    static let sizes: Set<String> = ["small", "large"]
    static let colors: Set<String> = ["red", "green", "blue", "yellow", "purple", "orange", "cyan"]
    static let shapes: Set<String> = ["circle", "square", "triangle", "star", "diamond"]

    init(_ text: String) throws {
        var words = text.split(separator: " ").map(String.init)
        var noun = try XCTUnwrap(words.popLast(), "empty phrase")
        if noun.hasSuffix("s") && !Phrase.shapes.contains(noun) { noun.removeLast() }
        if noun != "object" {
            XCTAssert(Phrase.shapes.contains(noun), "unknown noun in \"\(text)\"")
            shape = noun
        }
        for word in words {
            if Phrase.sizes.contains(word) { size = word } else if Phrase.colors.contains(word) { color = word } else {
                XCTFail("unknown word \(word) in \"\(text)\"")
            }
        }
    }

    func matches(_ object: FileObject) -> Bool {
        (size == nil || size == object.size) && (color == nil || color == object.color) && (shape == nil || shape == object.shape)
    }
}

/// The capture groups of `pattern` matched against the whole of `text`, or nil.
func captures(_ pattern: String, _ text: String) -> [String]? {
    let regex = try! NSRegularExpression(pattern: "^" + pattern + "$")
    let range = NSRange(text.startIndex..., in: text)
    guard let match = regex.firstMatch(in: text, range: range) else { return nil }
    return (1..<match.numberOfRanges).map { index in
        Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
    }
}
