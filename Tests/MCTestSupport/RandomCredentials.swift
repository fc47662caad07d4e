import Foundation
import MCModel

/// A random set of `count` issued credentials over a few countries, years and learners, with
/// every dimension the reports use varied (some joint awards, some missing optional values).
package func randomCredentials(count: Int, seed: UInt64, learners: Int = 400) -> [Credential] {
    var g = SplitMix(seed: seed)
    let countries = ["DE", "FR", "NL", "BE", "IE", "GR"]
    func pick<T>(_ items: [T]) -> T { items[Int(g.next() % UInt64(items.count))] }
    return (0..<count).map { n in
        let country = pick(countries)
        let joint = g.next() % 15 == 0 ? [country, pick(countries)] : [country]
        return Credential(
            credentialId: "c\(n)", awardingBodyId: "HS-\(g.next() % 7)", learnerKey: "k\(g.next() % UInt64(learners))",
            title: "T", issuerCountries: joint,
            issueDate: CalendarDate(year: 2023 + Int(g.next() % 3), month: 1 + Int(g.next() % 12), day: 1 + Int(g.next() % 28))!,
            learningOutcomes: ["O"], ects: g.next() % 6 == 0 ? nil : Decimal(Int(g.next() % 20)) / 2,
            eqfLevel: g.next() % 5 == 0 ? nil : 4 + Int(g.next() % 5), assessmentType: "quiz", assessmentKind: .quiz,
            participationForm: pick(ParticipationForm.allCases), qualityAssurance: pick(QualityAssurance.allCases),
            prerequisites: g.next() % 2 == 0 ? "P" : nil,
            supervision: g.next() % 3 == 0 ? nil : pick(Supervision.allCases), grade: g.next() % 3 == 0 ? "A" : nil,
            stackability: g.next() % 3 == 0 ? nil : pick(Stackability.allCases),
            learnerBirthYear: g.next() % 5 == 0 ? nil : 1950 + Int(g.next() % 55), learnerGender: g.next() % 6 == 0 ? nil : pick(Gender.allCases),
            learnerCitizenship: g.next() % 4 == 0 ? nil : pick(countries),
            iscedF: g.next() % 4 == 0 ? nil : pick(["0111", "0231", "0413", "0521", "0613", "0688", "0713", "0988"]))
    }
}
