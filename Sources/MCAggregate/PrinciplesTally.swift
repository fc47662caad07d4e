internal import MCModel

/// ``PrinciplesJob``'s running counts: per (country, year), the issued credentials, the distinct
/// learners (counted when the learner changes: credentials arrive grouped by learner), the
/// learners whose birth year is known and those aged 25 or more, and per principle the
/// credentials that meet it.
final class PrinciplesTally: ReportTally, @unchecked Sendable {
    // @unchecked: a pass gives the tally one batch at a time (ReportTally's contract).
    private let name: String
    private var cells: [Key: Counter] = [:]

    init(name: String) { self.name = name }

    private struct Key: Hashable {
        var country: Int32
        var year: Int
    }

    private struct Counter {
        var credentials = 0
        var learners = 0, lastLearner: Int32 = -1
        var known = 0, lastKnown: Int32 = -1
        var adults = 0, lastAdult: Int32 = -1
        var meeting = Array(repeating: 0, count: PrinciplesJob.principles.count)
        /// The sums of the record keys behind each count (the cell key method's cell keys).
        var credentialKeys: UInt64 = 0, learnerKeys: UInt64 = 0, knownKeys: UInt64 = 0, adultKeys: UInt64 = 0
        var meetingKeys = Array(repeating: UInt64(0), count: PrinciplesJob.principles.count)

        mutating func count(_ fact: FactView, learner: Int32, year: Int) {
            credentials += 1
            credentialKeys &+= fact.recordKey
            if lastLearner != learner {
                lastLearner = learner
                learners += 1
                learnerKeys &+= fact.learnerRecordKey
            }
            if let birthYear = fact.birthYear {
                if lastKnown != learner {
                    lastKnown = learner
                    known += 1
                    knownKeys &+= fact.learnerRecordKey
                }
                if year - birthYear >= 25 && lastAdult != learner {
                    lastAdult = learner
                    adults += 1
                    adultKeys &+= fact.learnerRecordKey
                }
            }
            for (number, principle) in PrinciplesJob.principles.enumerated() {
                if case .credentials(let test) = principle.counting, test(fact) {
                    meeting[number] += 1
                    meetingKeys[number] &+= fact.recordKey
                }
            }
        }
    }

    func add(_ batch: FactTable) {
        for position in batch.indices {
            let fact = batch[position]
            guard fact.status == .issued else { continue }
            let year = fact.issueDate.year
            let learner = fact.learnerId
            for country in batch.distinctCountries(at: position) {
                cells[Key(country: country, year: year), default: Counter()].count(fact, learner: learner, year: year)
            }
        }
    }

    func finish(_ end: PassEnd) -> ReportTable {
        let names = end.lastBatch?.countryNames ?? []
        let rows = cells.map { key, counter in
            var keys = CellKeys(credentials: counter.credentialKeys, learners: counter.learnerKeys)
            let shares = PrinciplesJob.principles.enumerated().map { number, principle -> MeasureValue? in
                switch principle.counting {
                case .credentials:
                    keys.shares[2 + number] = ShareKeys(numerator: counter.meetingKeys[number], denominator: counter.credentialKeys)
                    return .share(counter.meeting[number], of: counter.credentials)
                case .learnersAged25Plus:
                    keys.shares[2 + number] = ShareKeys(numerator: counter.adultKeys, denominator: counter.knownKeys)
                    return .share(counter.adults, of: counter.known)
                }
            }
            return ReportRow(dimensions: [names[Int(key.country)], String(key.year)],
                             measures: [.count(counter.credentials), .count(counter.learners)] + shares,
                             counts: CellCounts(credentials: counter.credentials, learners: counter.learners), keys: keys)
        }
        var table = ReportTable(name: name, title: "Annex II principles in figures", dimensions: PrinciplesJob.dimensions,
                                measures: PrinciplesJob.measures,
                                disclosure: DisclosureLayout(grouping: .countryYear, credentialsMeasure: 0, learnersMeasure: 1),
                                rows: rows)
        table.sortRows()
        return table
    }
}
