/// A 5 x 7 pixel font for the labels drawn inside shapes (digits and the letters least likely to be
/// confused with them or with each other).
enum BitmapFont {
    static let glyphWidth = 5
    static let glyphHeight = 7

    static let characters: [Character] = Array("0123456789ABCDEFHKLPRTXY")

    static func rows(of character: Character) -> [String] {
        switch character {
        case "0": return [" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "]
        case "1": return ["  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "]
        case "2": return [" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"]
        case "3": return ["#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "]
        case "4": return ["   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "]
        case "5": return ["#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "]
        case "6": return ["  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "]
        case "7": return ["#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "]
        case "8": return [" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "]
        case "9": return [" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "]
        case "A": return [" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"]
        case "B": return ["#### ", "#   #", "#   #", "#### ", "#   #", "#   #", "#### "]
        case "C": return [" ### ", "#   #", "#    ", "#    ", "#    ", "#   #", " ### "]
        case "D": return ["#### ", "#   #", "#   #", "#   #", "#   #", "#   #", "#### "]
        case "E": return ["#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"]
        case "F": return ["#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#    "]
        case "H": return ["#   #", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"]
        case "K": return ["#   #", "#  # ", "# #  ", "##   ", "# #  ", "#  # ", "#   #"]
        case "L": return ["#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####"]
        case "P": return ["#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    "]
        case "R": return ["#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"]
        case "T": return ["#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "]
        case "X": return ["#   #", "#   #", " # # ", "  #  ", " # # ", "#   #", "#   #"]
        case "Y": return ["#   #", "#   #", " # # ", "  #  ", "  #  ", "  #  ", "  #  "]
        default: return []
        }
    }

    /// Whether glyph pixel (column, row) is ink.
    static func ink(_ character: Character, column: Int, row: Int) -> Bool {
        let glyph = rows(of: character)
        guard row >= 0, row < glyph.count else { return false }
        let line = Array(glyph[row])
        return column >= 0 && column < line.count && line[column] == "#"
    }
}
