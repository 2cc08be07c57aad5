extension RGBImage {
    /// The pixels of `[xMin, xMax) x [yMin, yMax)` (origin top-left, max exclusive), clipped to the
    /// image. A rectangle that keeps no pixel after clipping is an error.
    public func cropped(xMin: Int, yMin: Int, xMax: Int, yMax: Int) throws -> RGBImage {
        let left = max(xMin, 0), top = max(yMin, 0)
        let right = min(xMax, width), bottom = min(yMax, height)
        guard left < right, top < bottom else {
            throw ImageError.invalidGeometry(
                "crop [\(xMin), \(yMin), \(xMax), \(yMax)) keeps no pixel of a \(width)x\(height) image")
        }
        let outWidth = right - left
        var out = [UInt8]()
        out.reserveCapacity(outWidth * (bottom - top) * 3)
        for y in top..<bottom {
            let start = (y * width + left) * 3
            out.append(contentsOf: pixels[start..<(start + outWidth * 3)])
        }
        return RGBImage(unchecked: outWidth, bottom - top, out)
    }
}
