/// PaliGemma's detection output: per object four `<locNNNN>` tokens (y_min, x_min, y_max, x_max,
/// each one of 1024 bins of the normalized image) and a label; objects separated by " ; ".
public enum LocationTokens {
    /// Boxes in pixels of a `width` x `height` image (the crop that was sent), with labels.
    public static func parse(_ text: String, width: Int, height: Int) -> [(box: BoundingBox, label: String)] {
        var results: [(BoundingBox, String)] = []
        for part in text.components(separatedBy: ";") {
            var values: [Int] = []
            var rest = Substring(part.trimmingCharacters(in: .whitespaces))
            while values.count < 4, rest.hasPrefix("<loc"), let close = rest.firstIndex(of: ">") {
                let digits = rest[rest.index(rest.startIndex, offsetBy: 4)..<close]
                guard digits.count == 4, let v = Int(digits), v < 1024 else { break }
                values.append(v)
                rest = rest[rest.index(after: close)...]
            }
            guard values.count == 4 else { continue }
            let (y0, x0, y1, x1) = (values[0], values[1], values[2], values[3])
            let box = BoundingBox(xMin: x0 * width / 1024, yMin: y0 * height / 1024,
                                  xMax: min(width, (x1 * width + 1023) / 1024), yMax: min(height, (y1 * height + 1023) / 1024))
            guard !box.isEmpty else { continue }
            results.append((box, rest.trimmingCharacters(in: .whitespaces)))
        }
        return results
    }
}
