import Foundation

/// Small inline SVG charts for the HTML report: no scripts, no network, fixed number formatting.
enum SVGChart {
    /// One bar: its label, its value (nil when suppressed), and a note shown instead of a value.
    /// A bar that sums published cells and leaves suppressed ones out is a lower bound: it is
    /// labelled `≥ N` and drawn apart (pale, dashed), never as a figure.
    struct Bar {
        var label: String
        var value: Double?
        var note: String?
        var isLowerBound = false
    }

    /// A vertical bar chart with axis labels; suppressed bars are drawn hatched and labelled.
    static func bars(_ bars: [Bar], title: String, xLabel: String, yLabel: String, width: Int = 720, height: Int = 300) -> String {
        let left = 64.0, right = 16.0, top = 36.0, bottom = 72.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let maximum = niceMaximum(bars.compactMap(\.value).max() ?? 1)
        let step = plotWidth / Double(max(1, bars.count))
        var svg = header(width: width, height: height, title: title)
        svg += axes(left: left, top: top, plotWidth: plotWidth, plotHeight: plotHeight, maximum: maximum, xLabel: xLabel, yLabel: yLabel, height: height)
        for (index, bar) in bars.enumerated() {
            let x = left + Double(index) * step + step * 0.15
            let w = step * 0.7
            let labelX = x + w / 2
            if let value = bar.value {
                let h = plotHeight * value / maximum
                let text = (bar.isLowerBound ? "≥ " : "") + number(value)
                let style = bar.isLowerBound ? "fill=\"#ebf4ff\" stroke=\"#2b6cb0\" stroke-dasharray=\"4 3\"" : "fill=\"#2b6cb0\""
                let title = bar.isLowerBound ? "at least \(number(value)) (suppressed cells left out)" : number(value)
                svg += "<rect x=\"\(f(x))\" y=\"\(f(top + plotHeight - h))\" width=\"\(f(w))\" height=\"\(f(h))\" \(style)><title>\(escape(bar.label)): \(title)</title></rect>"
                if bars.count <= 24 || bar.isLowerBound {
                    svg += "<text x=\"\(f(labelX))\" y=\"\(f(top + plotHeight - h - 4))\" font-size=\"10\" text-anchor=\"middle\">\(escape(text))</text>"
                }
            } else {
                svg += "<rect x=\"\(f(x))\" y=\"\(f(top + plotHeight - 24))\" width=\"\(f(w))\" height=\"24\" fill=\"url(#suppressed)\" stroke=\"#999\"><title>\(escape(bar.label)): suppressed</title></rect>"
                svg += "<text x=\"\(f(labelX))\" y=\"\(f(top + plotHeight - 28))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#b83280\">\(escape(bar.note ?? "suppressed"))</text>"
            }
            svg += "<text x=\"\(f(labelX))\" y=\"\(f(top + plotHeight + 14))\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-40 \(f(labelX)) \(f(top + plotHeight + 14)))\">\(escape(bar.label))</text>"
        }
        return svg + "</svg>"
    }

    /// A line chart of several series over the same ordered x labels; a suppressed point breaks
    /// the line and is marked with a hollow circle on the axis.
    static func lines(_ series: [(name: String, points: [Double?])], xLabels: [String], title: String, xLabel: String, yLabel: String,
                      width: Int = 720, height: Int = 300) -> String {
        let left = 64.0, right = 110.0, top = 36.0, bottom = 72.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let maximum = niceMaximum(series.flatMap { $0.points.compactMap { $0 } }.max() ?? 1)
        let step = plotWidth / Double(max(1, xLabels.count - 1))
        let palette = ["#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b7791f", "#c53030", "#319795", "#4a5568"]
        var svg = header(width: width, height: height, title: title)
        svg += axes(left: left, top: top, plotWidth: plotWidth, plotHeight: plotHeight, maximum: maximum, xLabel: xLabel, yLabel: yLabel, height: height)
        let every = max(1, xLabels.count / 12)
        for (index, label) in xLabels.enumerated() where index % every == 0 {
            let x = left + Double(index) * step
            svg += "<text x=\"\(f(x))\" y=\"\(f(top + plotHeight + 14))\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-40 \(f(x)) \(f(top + plotHeight + 14)))\">\(escape(label))</text>"
        }
        for (number, line) in series.enumerated() {
            let color = palette[number % palette.count]
            var path = ""
            var pen = false
            for (index, point) in line.points.enumerated() {
                let x = left + Double(index) * step
                guard let point else {
                    pen = false
                    svg += "<circle cx=\"\(f(x))\" cy=\"\(f(top + plotHeight))\" r=\"3\" fill=\"none\" stroke=\"\(color)\"><title>\(escape(line.name)) \(escape(xLabels[index])): suppressed</title></circle>"
                    continue
                }
                let y = top + plotHeight - plotHeight * point / maximum
                path += (pen ? " L" : " M") + "\(f(x)) \(f(y))"
                pen = true
            }
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            let legendY = top + Double(number) * 16
            svg += "<rect x=\"\(f(Double(width) - right + 10))\" y=\"\(f(legendY))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(f(Double(width) - right + 24))\" y=\"\(f(legendY + 9))\" font-size=\"11\">\(escape(line.name))</text>"
        }
        return svg + "</svg>"
    }

    private static func header(width: Int, height: Int, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(title))\">"
            + "<defs><pattern id=\"suppressed\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b83280\" stroke-width=\"2\"/></pattern></defs>"
            + "<text x=\"\(width / 2)\" y=\"20\" font-size=\"14\" font-weight=\"bold\" text-anchor=\"middle\">\(escape(title))</text>"
    }

    private static func axes(left: Double, top: Double, plotWidth: Double, plotHeight: Double, maximum: Double,
                             xLabel: String, yLabel: String, height: Int) -> String {
        var svg = "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" stroke=\"#333\"/>"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" stroke=\"#333\"/>"
        for tick in 0...4 {
            let value = maximum * Double(tick) / 4
            let y = top + plotHeight - plotHeight * Double(tick) / 4
            svg += "<line x1=\"\(f(left - 4))\" y1=\"\(f(y))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 3))\" font-size=\"10\" text-anchor=\"end\">\(number(value))</text>"
        }
        svg += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(height - 6)\" font-size=\"12\" text-anchor=\"middle\">\(escape(xLabel))</text>"
        svg += "<text x=\"14\" y=\"\(f(top + plotHeight / 2))\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(f(top + plotHeight / 2)))\">\(escape(yLabel))</text>"
        return svg
    }

    /// The top of the value axis: the data's maximum rounded up so that its four ticks are round
    /// numbers (1, 2, 2.5 or 5 times a power of ten).
    static func niceMaximum(_ value: Double) -> Double {
        let raw = max(value, 1) / 4
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        return max(4, step * 4)
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }

    static func escape(_ text: String) -> String { XMLText.escape(text) }
}
