internal import MCModel

/// `principles`: per country × year, the credentials, the distinct learners, and one share per
/// principle of the Recommendation's Annex II (recommitted to in the Tirana Communiqué, 2024) that
/// the Annex I data can show. Shares have four decimals and follow the share rule of disclosure
/// control; the (country, year) total is the same figure as in every other report.
package struct PrinciplesJob: StoreCountedJob {
    package let name = "principles"
    package static let dimensions = ["country", "year"]

    /// One share: its measure, what it counts, the Annex II principle it stands for and what it
    /// cannot show (for the page that presents it).
    package struct Principle: Sendable {
        /// What the numerator counts.
        package enum Counting: Sendable {
            /// Credentials that meet the test, over all credentials of the (country, year); the
            /// same test as an SQL condition over a credential row (``CellQuery``).
            case credentials(@Sendable (FactView) -> Bool, sql: String)
            /// Learners aged 25 or more at issue, over the learners whose birth year is known.
            case learnersAged25Plus
        }

        package var measure: MeasureSpec
        package var counting: Counting
        /// The Annex II principle (or Tirana commitment) the share stands for, to follow "stands for".
        package var principle: String
        /// What the share cannot show, to follow "it cannot show".
        package var limits: String
    }

    package static let principles: [Principle] = [
        Principle(measure: share("share_external_qa", "Share of micro-credentials with external quality assurance",
                                 margin: Margin(report: "quality", dimension: "quality_assurance",
                                                values: [QualityAssurance.external.rawValue, QualityAssurance.internalAndExternal.rawValue])),
                  counting: .credentials({ $0.qualityAssurance != .internal },
                                         sql: "quality_assurance <> \(CodeSQL.literal(QualityAssurance.internal.rawValue))"),
                  principle: "the quality principle: micro-credentials are subject to internal and external quality assurance",
                  limits: "whether an external review actually took place or what it found (it counts what the institution declared)"),
        Principle(measure: share("share_ects", "Share of micro-credentials stating their workload in ECTS",
                                 margin: Margin(report: "uptake", dimension: "ects_band", values: Set(Codes.ectsBands))),
                  counting: .credentials({ $0.ects != nil }, sql: "ects IS NOT NULL"),
                  principle: "the transparency principle: the notional workload is stated in ECTS, so that micro-credentials are measurable and comparable",
                  limits: "whether the stated workload is accurate or comparable across institutions"),
        Principle(measure: share("share_eqf", "Share of micro-credentials stating an EQF level",
                                 margin: Margin(report: "uptake", dimension: "eqf_level", values: Set(Codes.eqfLevels))),
                  counting: .credentials({ $0.eqfLevel != nil }, sql: "eqf_level IS NOT NULL"),
                  principle: "the qualifications-framework principle: micro-credentials can be placed in national qualifications frameworks and the EQF",
                  limits: "whether the credential is actually included in a national qualifications framework"),
        Principle(measure: share("share_stackable", "Share of micro-credentials declared stackable",
                                 margin: Margin(report: "stackability", dimension: "stackability", values: [Stackability.stackable.rawValue])),
                  counting: .credentials({ $0.stackability == .stackable },
                                         sql: "stackability = \(CodeSQL.literal(Stackability.stackable.rawValue))"),
                  principle: "the learning-pathways principle: micro-credentials can be stacked and combined into larger credentials",
                  limits: "whether any learner actually stacked a credential into a larger one"),
        Principle(measure: share("share_flexible", "Share of micro-credentials delivered online or blended",
                                 margin: Margin(report: "uptake", dimension: "participation_form",
                                                values: [ParticipationForm.online.rawValue, ParticipationForm.blended.rawValue])),
                  counting: .credentials({ $0.participationForm == .online || $0.participationForm == .blended },
                                         sql: "participation_form IN (\(CodeSQL.literal(ParticipationForm.online.rawValue)), \(CodeSQL.literal(ParticipationForm.blended.rawValue)))"),
                  principle: "flexible, learner-centred delivery: learning offered online or blended",
                  limits: "part-time study, schedules or self-paced learning, which are not in the exports"),
        Principle(measure: share("share_prior_learning", "Share of micro-credentials awarded by recognition of prior learning"),
                  counting: .credentials({ $0.assessmentKind == .priorLearning },
                                         sql: "assessment_kind = \(CodeSQL.literal(AssessmentKind.priorLearning.rawValue))"),
                  principle: "the recognition principle: prior learning is validated and counts towards an award",
                  limits: "recognition decisions by other institutions or employers, which are not in the exports"),
        Principle(measure: MeasureSpec("share_learners_25plus", label: "Share of learners aged 25 or more at issue (of those whose birth year is known)",
                                       share: ShareSpec(unit: .learners)),
                  counting: .learnersAged25Plus,
                  principle: "lifelong learning and upskilling (Tirana Communiqué, 2024): micro-credentials reach adults beyond initial education",
                  limits: "employment status or prior education, and it leaves out learners without a birth year"),
    ]

    package static let measures: [MeasureSpec] = [.credentials, .learners] + principles.map(\.measure)

    package init() {}

    package func makeTally() -> any ReportTally { PrinciplesTally(name: name) }

    /// Learners whose birth year is known, and those aged 25 or more at issue, as SQL conditions.
    static let birthYearKnownSQL = "learner_birth_year IS NOT NULL"
    static let aged25PlusSQL = "learner_birth_year IS NOT NULL AND year - learner_birth_year >= 25"

    /// Per (country, year): credentials, learners, learners with a birth year and those aged 25
    /// or more, then the credentials meeting each principle that counts credentials.
    package var query: CellQuery {
        var aggregates: [CellAggregate] = [.credentials(filter: nil), .learners(filter: nil),
                                           .learners(filter: Self.birthYearKnownSQL), .learners(filter: Self.aged25PlusSQL)]
        for principle in Self.principles {
            if case .credentials(_, let sql) = principle.counting { aggregates.append(.credentials(filter: sql)) }
        }
        return CellQuery(dimensions: [CodeSQL.year], groupingSets: [[0]], aggregates: aggregates)
    }

    package func table(counted: [CountedCell], end: PassEnd) -> ReportTable {
        PrinciplesTally.table(name: name, rows: counted.map { cell in
            let values = cell.values
            return PrinciplesTally.row(cell.codes, credentials: values[0], learners: values[1], known: values[2], adults: values[3],
                                       meeting: Array(values[4...]))
        })
    }

    private static func share(_ name: String, _ label: String, margin: Margin? = nil) -> MeasureSpec {
        MeasureSpec(name, label: label, share: ShareSpec(unit: .credentials, margin: margin))
    }
}
