/// Image -> vision-tower input, as transformers' SiglipImageProcessor does for PaliGemma: convert to
/// RGB (done by `ImageDecoder`), resize to `size` x `size` ignoring the aspect ratio, rescale to
/// [0, 1] and normalize with `mean` and `std`. Output `[3, size, size]` float32.
public struct VisionPreprocessor: Sendable {
    public var size: Int
    public var filter: ResamplingFilter
    public var mean: Float
    public var std: Float

    /// PaliGemma 224 / 448 / 896: bicubic, mean = std = 0.5, values in [-1, 1].
    public static func paliGemma(size: Int = 224) -> VisionPreprocessor {
        VisionPreprocessor(size: size, filter: .bicubic, mean: 0.5, std: 0.5)
    }

    public init(size: Int, filter: ResamplingFilter, mean: Float, std: Float) {
        self.size = size
        self.filter = filter
        self.mean = mean
        self.std = std
    }

    /// `[3, size, size]`.
    public func pixelValues(_ image: RGBImage) throws -> [Float] {
        try image.resized(width: size, height: size, filter: filter).normalizedPlanar(mean: mean, std: std)
    }

    public func pixelValues(contentsOf path: String) throws -> [Float] {
        try pixelValues(ImageDecoder.decode(contentsOf: path))
    }
}
