/// A measure column: its name in CSV and JSON, its code in SDMX (`MEASURE` dimension), and for a
/// share what it counts.
package struct MeasureSpec: Sendable, Equatable {
    package var name: String
    package var code: String
    package var label: String
    /// Set for a share under disclosure control: its unit and the cells elsewhere that add up to it.
    package var share: ShareSpec?

    package init(_ name: String, code: String? = nil, label: String, share: ShareSpec? = nil) {
        self.name = name
        self.code = code ?? name.uppercased()
        self.label = label
        self.share = share
    }

    package static let credentials = MeasureSpec("credentials", label: "Micro-credentials awarded")
    package static let learners = MeasureSpec("learners", label: "Distinct learners")
    package static let ectsTotal = MeasureSpec("ects_total", code: "ECTS", label: "ECTS credits awarded")
    package static let shareMultiple = MeasureSpec("share_learners_multiple", label: "Share of learners holding two or more micro-credentials in the country and year",
                                                  share: ShareSpec(unit: .learners))
}

/// What disclosure control must know of a share: whether its numerator and denominator count
/// credentials or learners, and which published cells of another report add up to its numerator
/// (the rest of that report's (country, year) cells then add up to the difference).
package struct ShareSpec: Sendable, Equatable {
    package enum Unit: Sendable, Equatable { case credentials, learners }

    package var unit: Unit
    package var margin: Margin?

    package init(unit: Unit, margin: Margin? = nil) {
        self.unit = unit
        self.margin = margin
    }
}

/// The cells of report `report` whose `dimension` is one of `values`: together they hold a
/// share's numerator, so they form a group that adds up to it.
package struct Margin: Sendable, Equatable {
    package var report: String
    package var dimension: String
    package var values: Set<String>

    package init(report: String, dimension: String, values: Set<String>) {
        self.report = report
        self.dimension = dimension
        self.values = values
    }
}
