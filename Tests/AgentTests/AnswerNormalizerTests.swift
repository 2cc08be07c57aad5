@testable import Agent
import Evaluation
import XCTest

final class AnswerNormalizerTests: XCTestCase {
    func testVQAStyleNormalization() {
        let cases: [(String, String)] = [
            ("Yes", "yes"), ("True", "yes"), ("false", "no"), (" The Red Circle. ", "red circle"),
            ("an apple", "apple"), ("Three", "3"), ("3.0", "3"), ("2.5", "2.5"), ("\"cyan\"", "cyan"),
            ("twenty", "20"), ("it enters the scene", "it enters scene"), ("A", "a"), ("the", "the"), ("x  y", "x y"),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(AnswerNormalizer.normalize(input), expected, "normalize(\(input.debugDescription))")
        }
    }

    func testScoringByType() {
        XCTAssertTrue(Scorer.score("three", against: .number(3)).correct)
        XCTAssertTrue(Scorer.score("3", against: .number(3)).correct)
        XCTAssertFalse(Scorer.score("4", against: .number(3)).correct)
        XCTAssertTrue(Scorer.score("yes", against: .bool(true)).correct)
        XCTAssertFalse(Scorer.score("no", against: .bool(true)).correct)
        XCTAssertTrue(Scorer.score("The cyan", against: .text("cyan")).correct)
        XCTAssertTrue(Scorer.score("it leaves the scene", against: .choice(index: 1, text: "it leaves the scene")).correct)
        XCTAssertFalse(Scorer.score("it moves down", against: .choice(index: 1, text: "it leaves the scene")).correct)
        XCTAssertFalse(Scorer.score(nil, against: .text("cyan")).correct)
    }

    func testBoxIoUAgainstHandComputedValues() {
        // [0,0,10,10] vs [5,0,15,10]: intersection 50, union 150 -> 1/3.
        let third = Scorer.score("[5, 0, 15, 10]", against: .box([0, 0, 10, 10]))
        XCTAssertEqual(third.iou!, 1.0 / 3.0, accuracy: 1e-12)
        XCTAssertFalse(third.correct)
        // [0,0,10,10] vs [0,0,10,20]: 100 / 200 = 0.5, exactly the threshold.
        let half = Scorer.score("[0, 0, 10, 20]", against: .box([0, 0, 10, 10]))
        XCTAssertEqual(half.iou!, 0.5, accuracy: 1e-12)
        XCTAssertTrue(half.correct)
        XCTAssertEqual(Scorer.score("[0, 0, 10, 10]", against: .box([0, 0, 10, 10])).iou, 1)
        XCTAssertEqual(Scorer.score("a red circle", against: .box([0, 0, 10, 10])).iou, 0)
        XCTAssertEqual(Scorer.score("[10, 0, 0, 10]", against: .box([0, 0, 10, 10])).iou, 0, "an inverted box is no box")
    }
}
