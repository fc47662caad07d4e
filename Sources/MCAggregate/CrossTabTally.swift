import Foundation
internal import MCModel

/// A ``CrossTab``'s running counts over one pass. Credentials arrive grouped by learner, so a
/// cell counts a learner when the learner differs from the last one it counted, and the share of
/// learners with two or more credentials in a group is settled when the learner changes: memory
/// grows with the number of cells, not with the number of credentials or learners.
final class CrossTabTally: ReportTally, @unchecked Sendable {
    // @unchecked: a pass gives the tally one batch at a time (ReportTally's contract).
    private let tab: CrossTab
    /// The running counts, in one value: a batch is counted in one mutating call, so the class's
    /// storage is reached (and its exclusive access checked) once per batch, not per credential.
    private var counts: Counts

    init(_ tab: CrossTab) {
        self.tab = tab
        counts = Counts(sumsECTS: tab.measures.contains(.ectsTotal), tracksRepeats: tab.measures.contains(.shareMultiple))
    }

    func add(_ batch: FactTable) {
        counts.add(batch, tab)
    }

    /// Cells, groups and signatures held: what the tally's memory grows with.
    var heldEntries: Int { counts.cellKeys.count + counts.groupKeys.count + counts.cellBySignature.count }

    func finish(_ end: PassEnd) -> ReportTable {
        counts.closeLearner()
        let (cellKeys, cells, groupKeys, groups) = (counts.cellKeys, counts.cells, counts.groupKeys, counts.groups)
        // Group totals are cells too (keyed with `_T` for the dimensions after the group's).
        var rows: [[String]: Counter] = [:]
        for (number, key) in cellKeys.enumerated() { rows[key] = cells[number] }
        if let totalsOver = tab.totalsOver {
            let suffix = Array(repeating: Codes.total, count: tab.dimensions.count - totalsOver)
            for (group, key) in groupKeys.enumerated() {
                let total = key + suffix
                // A cell whose own values are the total's belongs to that group, so its learners
                // are among the group's: together they count the group's learners.
                if let cell = rows[total] {
                    var merged = groups[group]
                    merged.credentials += cell.credentials
                    merged.credentialKeys &+= cell.credentialKeys
                    merged.ectsCounts.merge(cell.ectsCounts, uniquingKeysWith: +)
                    rows[total] = merged
                } else {
                    rows[total] = groups[group]
                }
            }
        }
        return tab.table(rows: rows.map { key, counter in tab.row(key, counter.totals(end)) })
    }
}

/// A ``CrossTabTally``'s cells and groups as they are counted. Credentials arrive grouped by
/// learner, so a cell counts a learner when the learner differs from the last one it counted,
/// and the share of learners with two or more credentials in a group is settled when the learner
/// changes.
private struct Counts {
    let sumsECTS: Bool
    /// Whether the table shows the share of learners with two or more credentials (only then
    /// are a learner's cells and groups remembered until the learner changes).
    let tracksRepeats: Bool
    /// Cells by (country, signature), or by their dimension values: a signature is looked up once
    /// per credential and country, the dimension values made once per cell.
    var cellBySignature: [SignatureKey: Int] = [:]
    var cellByKey: [[String]: Int] = [:]
    var cellKeys: [[String]] = []
    var cells: [Counter] = []
    var cellGroup: [Int] = []
    var groupByKey: [[String]: Int] = [:]
    var groupKeys: [[String]] = []
    var groups: [Counter] = []
    /// The learner being counted, and the cells and groups it was counted in so far.
    var learner: Int32 = -1
    /// The record key of the learner being counted.
    var learnerKey: UInt64 = 0
    var touchedCells: [Int] = []
    var touchedGroups: [Int] = []

    struct SignatureKey: Hashable {
        var country: Int32
        var signature: CellSignature
    }

    init(sumsECTS: Bool, tracksRepeats: Bool) {
        self.sumsECTS = sumsECTS
        self.tracksRepeats = tracksRepeats
    }

    mutating func add(_ batch: FactTable, _ tab: CrossTab) {
        for position in batch.indices {
            let fact = batch[position]
            guard fact.status == .issued else { continue }
            if fact.learnerId != learner {
                closeLearner()
                learner = fact.learnerId
                learnerKey = fact.learnerRecordKey
            }
            let keys = (credential: fact.recordKey, learner: learnerKey)
            let ects = sumsECTS ? fact.ectsCode : nil
            for country in batch.distinctCountries(at: position) {
                let key = SignatureKey(country: country, signature: tab.signature(fact))
                let number: Int
                if let known = cellBySignature[key] { number = known } else {
                    number = cellNumber(fact, country: batch.countryNames[Int(country)], tab)
                    cellBySignature[key] = number
                }
                if cells[number].add(learner: learner, ects: ects, keys: keys) && tracksRepeats { touchedCells.append(number) }
                let group = cellGroup[number]
                if group >= 0 {
                    if groups[group].add(learner: learner, ects: ects, keys: keys) && tracksRepeats { touchedGroups.append(group) }
                    if tracksRepeats { groups[group].ofThisLearner += 1 }
                }
            }
        }
    }

    /// The number of the cell `fact` falls in within `country`, the cell (and its group) made on
    /// first sight.
    private mutating func cellNumber(_ fact: FactView, country: String, _ tab: CrossTab) -> Int {
        var key = [country]
        key.append(contentsOf: tab.cell(fact, country))
        if let known = cellByKey[key] { return known }
        let number = cellKeys.count
        cellByKey[key] = number
        cellKeys.append(key)
        cells.append(Counter())
        var group = -1
        if let totalsOver = tab.totalsOver {
            let groupKey = Array(key.prefix(totalsOver))
            if let known = groupByKey[groupKey] { group = known } else {
                group = groupKeys.count
                groupByKey[groupKey] = group
                groupKeys.append(groupKey)
                groups.append(Counter())
            }
        }
        cellGroup.append(group)
        return number
    }

    /// Settles the learner being counted: in each cell and group it was counted in, it is a
    /// learner with two or more credentials when it holds two or more in the group.
    mutating func closeLearner() {
        for cell in touchedCells {
            let group = cellGroup[cell]
            if group >= 0 && groups[group].ofThisLearner >= 2 {
                cells[cell].repeatLearners += 1
                cells[cell].repeatLearnerKeys &+= learnerKey
            }
        }
        for group in touchedGroups {
            if groups[group].ofThisLearner >= 2 {
                groups[group].repeatLearners += 1
                groups[group].repeatLearnerKeys &+= learnerKey
            }
            groups[group].ofThisLearner = 0
        }
        touchedCells.removeAll(keepingCapacity: true)
        touchedGroups.removeAll(keepingCapacity: true)
    }
}

/// Running counts for one cell or group. ECTS are counted per distinct value and summed once at
/// the end: the same exact sum, without a `Decimal` addition per credential.
private struct Counter {
    var credentials = 0
    var learners = 0
    /// The last learner counted (learners arrive one after another).
    var lastLearner: Int32 = -1
    /// Learners who hold two or more credentials in the cell's group.
    var repeatLearners = 0
    /// For a group: how many credentials of the learner being counted it holds.
    var ofThisLearner = 0
    /// How many credentials carry each ECTS value (by its number in the pass).
    var ectsCounts: [Int32: Int] = [:]
    /// The sums, mod 2^64, of the record keys of the credentials, of the distinct learners and of
    /// the repeat learners counted (the cell key method's cell keys).
    var credentialKeys: UInt64 = 0
    var learnerKeys: UInt64 = 0
    var repeatLearnerKeys: UInt64 = 0

    /// Counts one credential with its and its learner's record key; true when its learner is new
    /// to the cell.
    mutating func add(learner: Int32, ects: Int32?, keys: (credential: UInt64, learner: UInt64)) -> Bool {
        credentials += 1
        credentialKeys &+= keys.credential
        if let ects { ectsCounts[ects, default: 0] += 1 }
        guard learner != lastLearner else { return false }
        lastLearner = learner
        learners += 1
        learnerKeys &+= keys.learner
        return true
    }

    /// The counts as a row is made from them.
    func totals(_ end: PassEnd) -> CellTotals {
        CellTotals(credentials: credentials, learners: learners, ectsTotal: ectsTotal(end), repeatLearners: repeatLearners,
                   credentialKeys: credentialKeys, learnerKeys: learnerKeys, repeatLearnerKeys: repeatLearnerKeys)
    }

    /// The sum of the counted credentials' ECTS (those without ECTS add nothing).
    func ectsTotal(_ end: PassEnd) -> Decimal {
        var total = Decimal(0)
        for (code, count) in ectsCounts.sorted(by: { $0.key < $1.key }) {
            if let value = end.ectsValue(code) { total += value * Decimal(count) }
        }
        return total
    }
}
