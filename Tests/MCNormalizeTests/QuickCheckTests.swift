import Foundation
import MCModel
@testable import MCNormalize
import MCTestSupport
import Testing

/// The quick check may only say yes where the rules accept with no issue: it is checked against
/// ``Normalizer/normalize(_:)`` on records whose cells are drawn from values at the edge of every
/// rule (blanks, white space, case, aliases, bad dates and numbers, unknown codes).
@Suite struct QuickCheckTests {

    /// The cells of a record with `values`, in `columns` order, and the record the CSV reader
    /// would build from them.
    static func record(_ values: [String: String], columns: [String], number: Int) -> (FieldCells, RawRecord) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        var cellOfField = Array(repeating: -1, count: Field.allCases.count)
        var raw = RawRecord(provenance: Provenance(file: "q.csv", record: number, line: number + 1))
        for (index, column) in columns.enumerated() {
            let value = values[column] ?? ""
            bytes += Array(value.utf8)
            ends.append(bytes.count)
            let field = Field(rawValue: column)!
            cellOfField[field.ordinal] = index
            raw[field] = .text(value)
        }
        return (FieldCells(bytes: bytes, ends: ends, cellOfField: cellOfField), raw)
    }

    func check(_ normalizer: Normalizer, columns: [String] = CanonicalCSV.header, seed: UInt64) throws -> (quick: Int, clean: Int, codes: Set<ReasonCode>) {
        let check = try #require(QuickCheck(normalizer))
        var generator = SplitMix(seed: seed)
        var quick = 0, clean = 0
        var codes = Set<ReasonCode>()
        for number in 1...4000 {
            var values = CanonicalCSV.base
            // Most records change one or two cells, some many.
            let changes = number % 10 == 0 ? 8 : Int(generator.next() % 3)
            for _ in 0..<changes {
                let column = columns[Int(generator.next() % UInt64(columns.count))]
                if let choices = CanonicalCSV.edges[column] { values[column] = choices[Int(generator.next() % UInt64(choices.count))] }
            }
            let (cells, raw) = QuickCheckTests.record(values, columns: columns, number: number)
            let outcome = normalizer.normalize(raw)
            switch outcome {
            case .accepted(_, _, let warnings): codes.formUnion(warnings.map(\.code))
            case .rejected(let rejection, let warnings): codes.formUnion([rejection.issue.code] + warnings.map(\.code))
            }
            let isClean = if case .accepted(_, _, let warnings) = outcome, warnings.isEmpty { true } else { false }
            if isClean { clean += 1 }
            if check.accepts(cells) {
                quick += 1
                #expect(isClean, "the quick check passed a record the rules do not accept cleanly: \(values)")
            }
        }
        return (quick, clean, codes)
    }

    /// The agreement above only proves something for rules the generated records reach: every
    /// rule of a record's cells (each normalization reason, the source's awarding bodies, the
    /// warnings the rules give) must turn up among them, so a rule added to the normalizer
    /// without edges here fails this test instead of slipping past the quick check unseen.
    @Test func theEdgesReachEveryRuleOfARecordsCells() throws {
        var seen = Set<ReasonCode>()
        for seed in [1, 2, 3] as [UInt64] { seen.formUnion(try check(Normalizer(pseudonymizer: .withoutKeys), seed: seed).codes) }
        seen.formUnion(try check(Normalizer(pseudonymizer: .withoutKeys, policy: SourcePolicy(awardingBodies: ["DE-HS-1"])), seed: 4).codes)
        let rules = Set(ReasonCode.normalization + [.awardingBodyNotAllowed, .unknownOptionalValue])
        #expect(rules.subtracting(seen).isEmpty, "no generated record reaches \(rules.subtracting(seen).map(\.rawValue).sorted())")
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func saysYesOnlyWhereTheRulesAcceptWithNoIssue(seed: UInt64) throws {
        let (quick, clean, _) = try check(Normalizer(pseudonymizer: .withoutKeys), seed: seed)
        // It must also do its job: most clean records pass it (those it leaves are mapped values).
        #expect(quick > clean / 2, "\(quick) passed quickly of \(clean) clean records")
    }

    /// The day of the run decides which issue dates can be true (annex-i.md rule 27): with it
    /// fixed on the base record's date, the edges above fall on both sides of it.
    @Test func theDayOfTheRunIsChecked() throws {
        let today = try #require(CalendarDate(iso: "2025-03-14"))
        let (quick, _, _) = try check(Normalizer(pseudonymizer: .withoutKeys, today: today), seed: 6)
        #expect(quick > 0)
    }

    @Test func aSourcesAwardingBodiesAreChecked() throws {
        let (quick, _, _) = try check(Normalizer(pseudonymizer: .withoutKeys, policy: SourcePolicy(awardingBodies: ["DE-HS-1"])), seed: 4)
        #expect(quick > 0)
    }

    @Test func aHeaderWithoutOptionalColumnsIsChecked() throws {
        let columns = ["credential_id", "learner_id", "title", "issuer_country", "awarding_body_id", "issue_date",
                       "learning_outcomes", "workload_hours", "assessment_type", "participation_form", "quality_assurance"]
        let (quick, _, _) = try check(Normalizer(pseudonymizer: .withoutKeys), columns: columns, seed: 5)
        #expect(quick > 0)
    }

    @Test func cellsThatAreNotUTF8AreLeftToTheRules() throws {
        let check = try #require(QuickCheck(Normalizer(pseudonymizer: .withoutKeys)))
        let (cells, _) = QuickCheckTests.record(CanonicalCSV.base, columns: CanonicalCSV.header, number: 1)
        #expect(check.accepts(cells))
        let title = try #require(CanonicalCSV.header.firstIndex(of: "title"))
        for bad: [UInt8] in [[0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xFF]] {
            var bytes = Array(cells.bytes[..<(title == 0 ? 0 : cells.ends[title - 1])])
            bytes += bad
            var ends = Array(cells.ends[..<title])
            ends.append(bytes.count)
            for index in (title + 1)..<cells.ends.count {
                bytes += cells.bytes[cells.ends[index - 1]..<cells.ends[index]]
                ends.append(bytes.count)
            }
            var cellOfField = Array(repeating: -1, count: Field.allCases.count)
            for (index, column) in CanonicalCSV.header.enumerated() { cellOfField[Field(rawValue: column)!.ordinal] = index }
            #expect(!check.accepts(FieldCells(bytes: bytes, ends: ends, cellOfField: cellOfField)), "\(bad)")
        }
    }

    /// A row is checked for UTF-8 whole: a character cut between two cells (the title ending
    /// in the first byte of `é`, the awarding body's name starting with its second) leaves a
    /// well-formed row of two cells that are not, which the reader marks.
    @Test func aCharacterCutBetweenCellsIsLeftToTheRules() throws {
        let check = try #require(QuickCheck(Normalizer(pseudonymizer: .withoutKeys)))
        var values = CanonicalCSV.base
        values["title"] = (values["title"] ?? "") + "é"
        // The title followed by a cell of free text, which takes any character.
        var columns = CanonicalCSV.header.filter { $0 != "awarding_body_name" }
        let title = try #require(columns.firstIndex(of: "title"))
        columns.insert("awarding_body_name", at: title + 1)
        let (cells, _) = QuickCheckTests.record(values, columns: columns, number: 1)
        #expect(check.accepts(cells))
        var ends = cells.ends
        ends[title] -= 1
        #expect(String(validating: cells.bytes, as: UTF8.self) != nil)
        #expect(!check.accepts(FieldCells(bytes: cells.bytes, ends: ends, cellOfField: cells.storage.cellOfField)))
    }

    /// The UTF-8 check reads bytes as the standard library does, on random bytes (most of them
    /// lead and continuation bytes, in every arrangement) and on every 1 to 4 byte edge.
    @Test func theUTF8CheckIsTheStandardLibrarys() {
        var generator = SplitMix(seed: 11)
        let alphabet: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC,
                                 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        var samples: [[UInt8]] = []
        for first in alphabet { for second in alphabet { samples.append([first, second]); samples.append([0x41, first, second, 0x80]) } }
        for _ in 0..<200_000 {
            let length = Int(generator.next() % 24)
            samples.append((0..<length).map { _ in generator.next() % 3 == 0 ? 0x61 : alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        var valid = 0
        for bytes in samples {
            let expected = String(validating: bytes, as: UTF8.self) != nil
            if expected { valid += 1 }
            let got = bytes.withUnsafeBufferPointer { QuickCheck.isUTF8($0) }
            if got != expected {
                Issue.record("\(bytes.map { String($0, radix: 16) }) read as \(got ? "UTF-8" : "not UTF-8")")
                return
            }
        }
        #expect(valid > 1_000)
    }

    @Test func aProfileOrDefaultsTurnItOff() {
        let profile = CSVProfile(name: "p", dateFormat: "dd.MM.yyyy")
        #expect(QuickCheck(Normalizer(pseudonymizer: .withoutKeys, profile: profile)) == nil)
        #expect(QuickCheck(Normalizer(pseudonymizer: .withoutKeys, policy: SourcePolicy(defaults: [.issuerCountry: "NL"]))) == nil)
    }
}
