/// A measure column: its name in CSV and JSON, and its code in SDMX (`MEASURE` dimension).
public struct MeasureSpec: Sendable, Equatable {
    public var name: String
    public var code: String
    public var label: String

    public init(_ name: String, code: String? = nil, label: String) {
        self.name = name
        self.code = code ?? name.uppercased()
        self.label = label
    }

    public static let credentials = MeasureSpec("credentials", label: "Micro-credentials awarded")
    public static let learners = MeasureSpec("learners", label: "Distinct learners")
    public static let ectsTotal = MeasureSpec("ects_total", code: "ECTS", label: "ECTS credits awarded")
    public static let shareMultiple = MeasureSpec("share_learners_multiple", label: "Share of learners holding two or more micro-credentials in the country and year")
}
