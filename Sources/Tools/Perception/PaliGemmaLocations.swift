import Foundation
import VLM

/// PaliGemma's `<loc>` replies in Loupe's terms. The engine's `LocationParser` reads the text
/// (four `<locNNNN>` tokens, y_min, x_min, y_max, x_max over 1024 bins, then a label; objects
/// separated by " ; "); this turns its fractional boxes in the crop the model saw into integer
/// pixel boxes of the source image.
enum PaliGemmaLocations {
    /// Every object of a reply to "detect PHRASE" about `region`, each with `score`; an object
    /// without a label is labeled with the phrase.
    static func detections(in text: String, region: BoundingBox, phrase: String, score: Double) -> [Detection] {
        LocationParser.parse(text, imageWidth: region.width, imageHeight: region.height).compactMap {
            detection($0, region: region, phrase: phrase, score: score)
        }
    }

    /// Rounded outwards (floor of the minima, ceiling of the maxima) so the box covers every pixel
    /// the bins touch; a box that keeps no pixel (equal bins on an integer edge) is dropped.
    static func detection(_ found: PaliGemmaDetection, region: BoundingBox, phrase: String, score: Double) -> Detection? {
        let box = BoundingBox(xMin: region.xMin + Int(found.xMin.rounded(.down)), yMin: region.yMin + Int(found.yMin.rounded(.down)),
                              xMax: region.xMin + Int(found.xMax.rounded(.up)), yMax: region.yMin + Int(found.yMax.rounded(.up)))
        guard !box.isEmpty else { return nil }
        return Detection(box: box, score: score, label: found.label.isEmpty ? phrase : found.label)
    }
}
