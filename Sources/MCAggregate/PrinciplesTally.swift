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
                if case .credentials(let test, _) = principle.counting, test(fact) {
                    meeting[number] += 1
                    meetingKeys[number] &+= fact.recordKey
                }
            }
        }
    }

    func add(_ batch: FactTable) {
        // The cells leave the class while a batch is counted: one exclusive access per batch
        // instead of one per credential, and the dictionary has one owner (no copy).
        var cells: [Key: Counter] = [:]
        swap(&cells, &self.cells)
        defer { swap(&cells, &self.cells) }
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
        return Self.table(name: name, rows: cells.map { key, counter in
            let meeting = zip(counter.meeting, counter.meetingKeys).map { CountedValue(count: $0, keys: $1) }
            return Self.row([names[Int(key.country)], String(key.year)],
                            credentials: CountedValue(count: counter.credentials, keys: counter.credentialKeys),
                            learners: CountedValue(count: counter.learners, keys: counter.learnerKeys),
                            known: CountedValue(count: counter.known, keys: counter.knownKeys),
                            adults: CountedValue(count: counter.adults, keys: counter.adultKeys),
                            meeting: PrinciplesJob.principles.indices.compactMap { number in
                                if case .credentials = PrinciplesJob.principles[number].counting { meeting[number] } else { nil }
                            })
        })
    }

    /// The row of one (country, year): `meeting` holds the counts of the principles that count
    /// credentials, in order.
    static func row(_ dimensions: [String], credentials: CountedValue, learners: CountedValue, known: CountedValue,
                    adults: CountedValue, meeting: [CountedValue]) -> ReportRow {
        var keys = CellKeys(credentials: credentials.keys, learners: learners.keys)
        var next = meeting.makeIterator()
        let shares = PrinciplesJob.principles.enumerated().map { number, principle -> MeasureValue? in
            switch principle.counting {
            case .credentials:
                let met = next.next() ?? CountedValue()
                keys.shares[2 + number] = ShareKeys(numerator: met.keys, denominator: credentials.keys)
                return .share(met.count, of: credentials.count)
            case .learnersAged25Plus:
                keys.shares[2 + number] = ShareKeys(numerator: adults.keys, denominator: known.keys)
                return .share(adults.count, of: known.count)
            }
        }
        return ReportRow(dimensions: dimensions, measures: [.count(credentials.count), .count(learners.count)] + shares,
                         counts: CellCounts(credentials: credentials.count, learners: learners.count), keys: keys)
    }

    /// The table of `rows`, sorted.
    static func table(name: String, rows: [ReportRow]) -> ReportTable {
        var table = ReportTable(name: name, title: "Annex II principles in figures", dimensions: PrinciplesJob.dimensions,
                                measures: PrinciplesJob.measures,
                                disclosure: DisclosureLayout(grouping: .countryYear, credentialsMeasure: 0, learnersMeasure: 1),
                                rows: rows)
        table.sortRows()
        return table
    }
}
