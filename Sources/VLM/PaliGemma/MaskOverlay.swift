/// Segmentation masks drawn over their image for people to look at: each mask's pixels blended
/// half and half with its color, its box outlined in the same color. Colors cycle through a
/// fixed palette in mask order.
public enum MaskOverlay {
    public static let palette: [(UInt8, UInt8, UInt8)] = [
        (230, 25, 75), (60, 180, 75), (0, 130, 200), (245, 130, 48), (145, 30, 180), (70, 240, 240), (240, 50, 230), (210, 245, 60),
    ]

    public static func draw(_ masks: [PaliGemmaMask], on image: RGBImage) throws -> RGBImage {
        var out = image
        for (number, mask) in masks.enumerated() {
            guard mask.imageWidth == image.width, mask.imageHeight == image.height else {
                throw ImageError.invalidGeometry("mask \(number) was placed in a \(mask.imageWidth)x\(mask.imageHeight) image, not this \(image.width)x\(image.height) one")
            }
            guard !mask.isEmpty else { continue }
            let color = palette[number % palette.count]
            for y in mask.yMin..<mask.yMax {
                for x in mask.xMin..<mask.xMax {
                    let edge = x == mask.xMin || x == mask.xMax - 1 || y == mask.yMin || y == mask.yMax - 1
                    guard edge || mask.contains(x: x, y: y) else { continue }
                    let at = (y * image.width + x) * 3
                    if edge {
                        (out.pixels[at], out.pixels[at + 1], out.pixels[at + 2]) = color
                    } else {
                        out.pixels[at] = UInt8((Int(out.pixels[at]) + Int(color.0)) / 2)
                        out.pixels[at + 1] = UInt8((Int(out.pixels[at + 1]) + Int(color.1)) / 2)
                        out.pixels[at + 2] = UInt8((Int(out.pixels[at + 2]) + Int(color.2)) / 2)
                    }
                }
            }
        }
        return out
    }
}
