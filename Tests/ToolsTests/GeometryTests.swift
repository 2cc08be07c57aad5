import Interpreter
@testable import Tools
import VLM
import XCTest

/// ImagePatch geometry and the spatial routines against values computed by hand from
/// ViperGPT's definitions (image_patch.py): lower/upper measured from the image bottom.
final class GeometryTests: XCTestCase {
    // 100 wide, 80 high: a pixel row y (from the top) is at height 80 - y from the bottom.
    let image = try! RGBImage(width: 100, height: 80, filledWith: (200, 200, 200))

    private func answer(_ body: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let source = "def execute_command(image):\n    image_patch = ImagePatch(image)\n" + body
            .split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        let (answer, error) = try ToolsTestSupport.run(source, image: image)
        if let error { XCTFail("program failed: \(error.traceback)", file: file, line: line) }
        return answer ?? ""
    }

    func testBottomOriginCoordinates() throws {
        // Pixel box [10, 20, 40, 60]: left 10, right 40, lower 80 - 60 = 20, upper 80 - 20 = 60.
        XCTAssertEqual(try answer("p = ImagePatch(image, 10, 20, 40, 60)\nreturn p"), "[10, 20, 40, 60]")
        XCTAssertEqual(try answer("p = ImagePatch(image, 10, 20, 40, 60)\nreturn [p.left, p.lower, p.right, p.upper, p.width, p.height, p.horizontal_center, p.vertical_center, p.area]"),
                       "[10, 20, 40, 60, 30, 40, 25.0, 40.0, 1200]")
        // Not symmetric vertically: lower 5, upper 15 is pixel rows 65..75.
        XCTAssertEqual(try answer("return ImagePatch(image, 0, 5, 10, 15)"), "[0, 65, 10, 75]")
        XCTAssertEqual(try answer("return [image_patch.left, image_patch.lower, image_patch.right, image_patch.upper, image_patch.vertical_center]"),
                       "[0, 0, 100, 80, 40.0]")
    }

    func testCropIsRelativeToThePatchAndKeepsTheImageFrame() throws {
        // crop(5, 10, 15, 30) of [left 10, lower 20]: left 15, lower 30, right 25, upper 50;
        // pixels x 15..25, y 80-50=30 .. 80-30=50.
        XCTAssertEqual(try answer("p = ImagePatch(image, 10, 20, 40, 60).crop(5, 10, 15, 30)\nreturn [p.left, p.lower, p.right, p.upper]"),
                       "[15, 30, 25, 50]")
        XCTAssertEqual(try answer("return ImagePatch(image, 10, 20, 40, 60).crop(5, 10, 15, 30)"), "[15, 30, 25, 50]")
        // A patch of a cropped image counts from that crop's bottom-left corner (ViperGPT).
        XCTAssertEqual(try answer("p = ImagePatch(ImagePatch(image, 10, 20, 40, 60).cropped_image)\nreturn [p.left, p.lower, p.right, p.upper]"),
                       "[0, 0, 30, 40]")
    }

    func testBoxesOutsideTheImageAreClippedAndEmptyOnesRaise() throws {
        XCTAssertEqual(try answer("return ImagePatch(image, -10, -5, 200, 300)"), "[0, 0, 100, 80]")
        XCTAssertEqual(try answer("return ImagePatch(image, 10, 20, 40, 60).crop(-100, -100, 1000, 1000)"), "[10, 20, 40, 60]")
        let (_, error) = try ToolsTestSupport.run("def execute_command(image):\n    return ImagePatch(image, 50, 10, 50, 20)\n", image: image)
        XCTAssertEqual(error?.typeName, "ValueError")
        XCTAssertTrue(error?.message.contains("ImagePatch has no area") ?? false, error?.message ?? "")
        let (_, cropError) = try ToolsTestSupport.run("def execute_command(image):\n    return ImagePatch(image).crop(200, 0, 300, 10)\n", image: image)
        XCTAssertEqual(cropError?.typeName, "ValueError")
    }

    func testDistanceAndOverlap() throws {
        // a = pixels [0,0,10,10] (lower 70, upper 80); b = pixels [13,14,20,20]: gaps 3 and 4 -> 5.
        let a = "ImagePatch(image, 0, 70, 10, 80)"
        let b = "ImagePatch(image, 13, 60, 20, 66)"
        XCTAssertEqual(try answer("return distance(\(a), \(b))"), "5.0")
        // c overlaps a by half: IoU 50 / 150.
        XCTAssertEqual(try answer("return round(distance(\(a), ImagePatch(image, 5, 70, 15, 80)), 6)"), "-0.333333")
        XCTAssertEqual(try answer("return distance(\(a), \(a))"), "-1.0")
        XCTAssertEqual(try answer("return distance(3, 7.5)"), "4.5")
        XCTAssertEqual(try answer("return \(a).overlaps_with(10, 70, 20, 80)"), "yes")
        XCTAssertEqual(try answer("return \(a).overlaps_with(11, 0, 20, 5)"), "no")
        XCTAssertEqual(try answer("return bool_to_yesno(1 > 2)"), "no")
    }

    func testSortingMiddleLargestSmallest() throws {
        let patches = "ps = [ImagePatch(image, 60, 0, 70, 10), ImagePatch(image, 0, 30, 30, 60), ImagePatch(image, 40, 50, 45, 55)]"
        XCTAssertEqual(try answer(patches + "\nreturn get_sorted_patches_left_to_right(ps)"), "[[0, 20, 30, 50], [40, 25, 45, 30], [60, 70, 70, 80]]")
        XCTAssertEqual(try answer(patches + "\nreturn get_sorted_patches_bottom_to_top(ps)"), "[[60, 70, 70, 80], [0, 20, 30, 50], [40, 25, 45, 30]]")
        XCTAssertEqual(try answer(patches + "\nreturn get_middle_patch(ps)"), "[40, 25, 45, 30]")
        XCTAssertEqual(try answer(patches + "\nreturn get_largest_patch(ps)"), "[0, 20, 30, 50]")
        XCTAssertEqual(try answer(patches + "\nreturn get_smallest_patch(ps)"), "[40, 25, 45, 30]")
        // Even count: the right one of the two middles (index len // 2 of the sorted list).
        XCTAssertEqual(try answer(patches + "\nps.append(ImagePatch(image, 90, 0, 95, 5))\nreturn get_middle_patch(ps)"), "[60, 70, 70, 80]")
        let (_, error) = try ToolsTestSupport.run("def execute_command(image):\n    return get_largest_patch([])\n", image: image)
        XCTAssertEqual(error?.typeName, "ValueError")
        XCTAssertTrue(error?.message.contains("empty list") ?? false)
    }

    func testClosestAndFarthestUseDistance() throws {
        // anchor pixels [0,0,10,10]; p1 [20,0,30,10] gap 10; p2 [0,15,10,25] gap 5; p3 [50,50,60,60] gap sqrt(40^2+40^2).
        let setup = """
            anchor = ImagePatch(image, 0, 70, 10, 80)
            ps = [ImagePatch(image, 20, 70, 30, 80), ImagePatch(image, 0, 55, 10, 65), ImagePatch(image, 50, 20, 60, 30)]
            """
        XCTAssertEqual(try answer(setup + "\nreturn get_patch_closest_to_anchor_object(ps, anchor)"), "[0, 15, 10, 25]")
        XCTAssertEqual(try answer(setup + "\nreturn get_patch_farthest_to_anchor_object(ps, anchor)"), "[50, 50, 60, 60]")
    }

    func testSideRegionsSplitAtTheCenter() throws {
        let p = "ImagePatch(image, 10, 20, 40, 60)"  // pixels [10, 20, 40, 60], center (25, 40)
        XCTAssertEqual(try answer("return get_patch_left_of(\(p))"), "[0, 0, 25, 80]")
        XCTAssertEqual(try answer("return get_patch_right_of(\(p))"), "[25, 0, 100, 80]")
        XCTAssertEqual(try answer("return get_patch_above_of(\(p))"), "[0, 0, 100, 40]")
        XCTAssertEqual(try answer("r = get_patch_above_of(\(p))\nreturn [r.lower, r.upper]"), "[40, 80]")
        XCTAssertEqual(try answer("return get_patch_below_of(\(p))"), "[0, 40, 100, 80]")
        // A half center (x 25.5) is left out of both sides.
        XCTAssertEqual(try answer("return [get_patch_left_of(ImagePatch(image, 10, 20, 41, 60)), get_patch_right_of(ImagePatch(image, 10, 20, 41, 60))]"),
                       "[[0, 0, 25, 80], [26, 0, 100, 80]]")
    }

    func testCoerceToNumeric() throws {
        XCTAssertEqual(try answer("return [coerce_to_numeric('about 12 cm'), coerce_to_numeric('three'), coerce_to_numeric('5-7'), coerce_to_numeric('1,200.5'), coerce_to_numeric('none')]"),
                       "[12.0, 3.0, 5.0, 1200.5, 'none']")
    }

    func testNonMaximumSuppressionAndThreshold() {
        let d = [
            Detection(box: BoundingBox(xMin: 0, yMin: 0, xMax: 10, yMax: 10), score: 0.9, label: "a"),
            Detection(box: BoundingBox(xMin: 1, yMin: 0, xMax: 11, yMax: 10), score: 0.8, label: "b"),  // IoU 90/110 with a
            Detection(box: BoundingBox(xMin: 5, yMin: 0, xMax: 15, yMax: 10), score: 0.7, label: "c"),  // IoU 50/150 with a
            Detection(box: BoundingBox(xMin: 50, yMin: 50, xMax: 60, yMax: 60), score: 0.2, label: "d"),
        ]
        XCTAssertEqual(DetectionParameters(scoreThreshold: 0.3, nmsIoUThreshold: 0.5).apply(d).map(\.label), ["a", "c"])
        XCTAssertEqual(DetectionParameters(scoreThreshold: 0.1, nmsIoUThreshold: 0.95).apply(d).map(\.label), ["a", "b", "c", "d"])
        XCTAssertEqual(DetectionParameters(scoreThreshold: 0.1, nmsIoUThreshold: 0.3).apply(d).map(\.label), ["a", "d"])
    }

    func testPaliGemmaLocationTokens() {
        // 1024 bins: loc 512 of 200 px is 100; y first; boxes of the 200 x 100 region at (10, 20).
        let region = BoundingBox(xMin: 10, yMin: 20, xMax: 210, yMax: 120)
        let parsed = PaliGemmaLocations.detections(in: "<loc0256><loc0512><loc0768><loc1023> red circle ; <loc0000><loc0000><loc0100><loc0100>",
                                                   region: region, phrase: "star", score: 1)
        XCTAssertEqual(parsed.count, 2)
        XCTAssertEqual(parsed[0].box, BoundingBox(xMin: 110, yMin: 45, xMax: 210, yMax: 95))
        XCTAssertEqual(parsed[0].label, "red circle")
        // 100/1024 * 200 = 19.5 and * 100 = 9.8, rounded outwards; no label: the phrase.
        XCTAssertEqual(parsed[1].box, BoundingBox(xMin: 10, yMin: 20, xMax: 30, yMax: 30))
        XCTAssertEqual(parsed[1].label, "star")
    }
}
