import Foundation

/// One object PaliGemma located: a box in the original image's pixels, its label, and for
/// segmentation prompts the 16 `<segNNN>` codes of its mask.
public struct PaliGemmaDetection: Sendable, Equatable, Codable {
    /// Pixel coordinates of the original image (x to the right, y down).
    public var xMin, yMin, xMax, yMax: Double
    public var label: String
    /// The four `<locNNNN>` values as written (y_min, x_min, y_max, x_max over 1024 bins).
    public var locationBins: [Int]
    /// `<segNNN>` codes; empty for detection. `PaliGemmaMaskDecoder` turns 16 of them into a
    /// mask, given PaliGemma's VQ-VAE checkpoint (a separate file).
    public var segmentationCodes: [Int]
}

/// Reads PaliGemma's location output: `<locYMIN><locXMIN><locYMAX><locXMAX> label` per object,
/// optionally with 16 `<segNNN>` tokens before the label, objects separated by " ; ".
public enum LocationParser {
    /// Bins per image side: `<loc0000>` ... `<loc1023>`.
    public static let bins = 1024

    /// Every object in `text` whose four location tokens are complete, in order. Boxes are scaled
    /// to an image of `width` x `height` pixels (the original image: the model saw it resized to
    /// a square, so normalized coordinates map to it directly); coordinates are ordered so
    /// min <= max. Text that is not a location group is ignored.
    public static func parse(_ text: String, imageWidth width: Int, imageHeight height: Int) -> [PaliGemmaDetection] {
        var detections: [PaliGemmaDetection] = []
        for segment in text.components(separatedBy: ";") {
            var rest = Substring(segment).drop(while: { $0 == " " })
            var locations: [Int] = []
            while locations.count < 4, let value = token(&rest, prefix: "<loc", digits: 4) { locations.append(value) }
            guard locations.count == 4 else { continue }
            var codes: [Int] = []
            while let value = token(&rest, prefix: "<seg", digits: 3) { codes.append(value) }
            let label = rest.trimmingCharacters(in: .whitespaces)
            let y0 = Double(locations[0]) / Double(bins) * Double(height)
            let x0 = Double(locations[1]) / Double(bins) * Double(width)
            let y1 = Double(locations[2]) / Double(bins) * Double(height)
            let x1 = Double(locations[3]) / Double(bins) * Double(width)
            detections.append(PaliGemmaDetection(xMin: min(x0, x1), yMin: min(y0, y1), xMax: max(x0, x1), yMax: max(y0, y1),
                                                 label: label, locationBins: locations, segmentationCodes: codes))
        }
        return detections
    }

    /// Consumes `<locNNNN>` / `<segNNN>` at the start of `text` (spaces before it allowed).
    private static func token(_ text: inout Substring, prefix: String, digits: Int) -> Int? {
        let trimmed = text.drop(while: { $0 == " " })
        guard trimmed.hasPrefix(prefix) else { return nil }
        let body = trimmed.dropFirst(prefix.count)
        let number = body.prefix(digits)
        guard number.count == digits, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber),
              body.dropFirst(digits).first == ">", let value = Int(number) else { return nil }
        text = body.dropFirst(digits + 1)
        return value
    }
}

/// Segmentation masks from `<segNNN>` codes need the VQ-VAE decoder PaliGemma was trained with
/// (big_vision's `vae-oid.npz`), a separate checkpoint that does not come with the model.
public enum PaliGemmaMaskDecoding {
    public static let unavailableReason =
        "decoding <seg> codes into a mask needs PaliGemma's VQ-VAE decoder checkpoint (big_vision vae-oid.npz), which was not given; the 16 codes are returned as they are"
}
