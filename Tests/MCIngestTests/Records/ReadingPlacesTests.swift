import Foundation
import MCIngest
import MCModel
import MCTestSupport
import Testing

/// `ReadingPlaces` (what `validate --explain` names as the places looked at) against the mappers
/// that do the looking, both ways: every JSON pointer a mapper records for a value, in every real
/// credential file the project holds, is one of the places described for that element and
/// format; and a credential generated to hold a value at one described place only (one per place)
/// is read from there. Canonical records: every element from the column, key or element of its
/// name; an ELM v2 XML value from a line that opens a described element.
@Suite struct ReadingPlacesTests {
    /// The JSON formats, whose values carry the pointer they were read at.
    static let pointerFormats: [InputFormat] = [.elmJSONLD, .openBadges3, .openBadges2, .vcJWT, .json, .jsonLines]

    /// Every record of every credential file the project holds (reference and wild fixtures,
    /// sample data) that a reader reads, with its format.
    static func corpus() throws -> [(file: String, format: InputFormat, records: [RawRecord])] {
        corpusPaths().compactMap { path in
            guard let (format, records) = try? readRecords(path) else { return nil }
            return ((path as NSString).lastPathComponent, format, records)
        }
    }

    /// The credential files the project holds: reference and wild fixtures, sample data.
    static func corpusPaths() -> [String] {
        let folders = [Bundle.module.url(forResource: "Fixtures/reference", withExtension: nil)!,
                       Bundle.module.url(forResource: "Fixtures/wild", withExtension: nil)!,
                       Fixtures.packageRoot.appendingPathComponent("sample-data")]
        return folders.flatMap { folder in
            let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
            return files.filter { !$0.hasDirectoryPath && $0.pathExtension != "md" }.map(\.path).sorted()
        }
    }

    @Test func everyPointerAMapperRecordsIsADescribedPlace() throws {
        var undescribed: [String] = []
        var checked = 0
        for (file, format, records) in try Self.corpus() where Self.pointerFormats.contains(format) {
            for record in records {
                for field in Field.allCases {
                    guard let pointer = record.location(of: field)?.pointer else { continue }
                    checked += 1
                    let places = ReadingPlaces.places(of: field, in: format).flatMap(PlacePattern.alternatives)
                    if !places.contains(where: { $0.matches(pointer) }) {
                        undescribed.append("\(file) (\(format.rawValue)) \(field.rawValue) at \(pointer)")
                    }
                }
            }
        }
        #expect(checked > 300, "\(checked)")
        #expect(undescribed.isEmpty, "\(Set(undescribed).sorted().joined(separator: "\n"))")
    }

    /// ELM v2 XML values carry the line of the element they were read from: in every ELM XML file
    /// the project holds, that line opens the element one of the described places ends in (or whose
    /// attribute it ends in), or one of the two it sits in (the list or node the value was taken
    /// from, as a JSON pointer may name the object).
    @Test func everyLineTheELMXMLMapperRecordsOpensADescribedElement() throws {
        var undescribed: [String] = []
        var checked = 0
        for (file, format, records) in try Self.corpus() where format == .elmXML {
            let path = try #require(Self.corpusPaths().first { $0.hasSuffix("/" + file) })
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for record in records {
                for field in Field.allCases {
                    guard let line = record.location(of: field)?.line, lines.indices.contains(line - 1) else { continue }
                    checked += 1
                    let names = ReadingPlaces.places(of: field, in: .elmXML).flatMap(Self.xmlElementNames)
                    let text = lines[line - 1]
                    if !names.contains(where: { text.contains("<" + $0) || text.contains(":" + $0 + " ") || text.contains(":" + $0 + ">") }) {
                        undescribed.append("\(file) \(field.rawValue) at line \(line): \(text.prefix(120)) (places: \(names))")
                    }
                }
            }
        }
        #expect(checked > 100, "\(checked)")
        #expect(undescribed.isEmpty, "\(undescribed.joined(separator: "\n"))")
    }

    /// The elements an ELM XML place ends in, with the two before: `a/b/c/@d` gives `a`, `b`, `c`;
    /// `w → x/y` gives `x`, `y` (after the last reference); `a/b, c` also `a`, `c`.
    static func xmlElementNames(_ description: String) -> [String] {
        let plain = description.replacing(/\s*\([^)]*\)/, with: "")
        let parts = plain.components(separatedBy: ", ")
        let first = parts[0].split(separator: "/").map(String.init)
        return parts.flatMap { part -> [String] in
            // `a/b, c` is `a/c`: the alternative replaces the last steps.
            let steps = part == parts[0] ? first : Array(first.dropLast(part.split(separator: "/").count)) + part.split(separator: "/").map(String.init)
            let path = steps.joined(separator: "/").components(separatedBy: "→").last ?? ""
            let elements = path.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.hasPrefix("@") && !$0.isEmpty && !$0.contains(" ") }
            return elements.suffix(3).compactMap { $0.split(separator: ":").last.map(String.init) }
        }
    }

    /// For every place described for an element of an ELM JSON-LD, Open Badges 3.0 or 2.0
    /// credential: a credential holding a value for that element at that place only (the
    /// description's keys, arrays and conditions made concrete), read by the real reader, has the
    /// element, read at a pointer of that place.
    @Test(arguments: [InputFormat.elmJSONLD, .openBadges3, .openBadges2])
    func everyDescribedPlaceIsReadFromThere(format: InputFormat) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var failures: [String] = []
        var places = 0
        for field in Field.allCases {
            for description in ReadingPlaces.places(of: field, in: format) {
                for (keys, pattern) in zip(ProbeDocument.paths(description, format: format), PlacePattern.alternatives(description)) {
                    places += 1
                    guard let keys else { failures.append("\(field.rawValue): \(description): cannot be made concrete"); continue }
                    let document = ProbeDocument.credential(format, field: field, at: keys)
                    let path = try directory.write("probe.json", String(decoding: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]), as: UTF8.self))
                    let read = try? readRecords(path)
                    let record = read?.records.count == 1 ? read?.records.first : nil
                    let pointer = record?.location(of: field)?.pointer
                    if read?.format != format || record?[field] == nil || !(pointer.map(pattern.matches) ?? false) {
                        failures.append("\(field.rawValue): \(description): read as \(read?.format.rawValue ?? "nothing"), value \(record?[field]?.joined ?? "absent") at \(pointer ?? "no pointer") from \(document)")
                    }
                }
            }
        }
        #expect(places > 15)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// A JSON file can hold canonical records or credentials: `validate --explain` names the places
    /// of the record's own shape (the key of a canonical record; an Open Badges line's places).
    @Test func aJSONRecordIsExplainedByThePlacesOfItsShape() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let canonical = try directory.onlyRecord("c.jsonl", #"{"credential_id": "C1", "title": "T"}"# + "\n")
        #expect(ReadingPlaces.places(of: .ects, in: .jsonLines, for: canonical) == [#"key "ects""#])
        let (format, records) = try readRecords(Fixtures.packageRoot.appendingPathComponent("sample-data/nl-hogeschool-delta/2025-badges.jsonl").path)
        #expect(format == .jsonLines)
        let places = ReadingPlaces.places(of: .ects, in: .jsonLines, for: try #require(records.first))
        #expect(places.contains("/credentialSubject/achievement/ECTS") && !places.contains { $0.hasPrefix("key") }, "\(places)")
    }

    /// Canonical records: every element read from the column, key or element of its name.
    @Test func canonicalRecordsAreReadFromTheNameOfEachElement() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fields = Field.allCases
        func probe(_ field: Field) -> String { "probe-\(field.rawValue)" }
        let csv = fields.map(\.rawValue).joined(separator: ",") + "\n" + fields.map(probe).joined(separator: ",") + "\n"
        let object = Dictionary(uniqueKeysWithValues: fields.map { ($0.rawValue, probe($0)) })
        let json = String(decoding: try JSONSerialization.data(withJSONObject: [object], options: [.sortedKeys]), as: UTF8.self)
        let xml = "<credentials><credential>" + fields.map { "<\($0.rawValue)>\(probe($0))</\($0.rawValue)>" }.joined() + "</credential></credentials>\n"
        for (name, text, format) in [("c.csv", csv, InputFormat.csv), ("c.json", json, .json), ("c.xml", xml, .xml)] {
            let (read, records) = try readRecords(try directory.write(name, text))
            #expect(read == format)
            let record = try #require(records.first)
            for field in fields {
                #expect(ReadingPlaces.places(of: field, in: format).first?.contains(field.rawValue) == true)
                #expect(record.text(field) == probe(field), "\(name) \(field.rawValue)")
            }
        }
    }
}

/// One described JSON place as a pattern over JSON pointers. The description's grammar: `/`
/// between keys, `[]` or `[…]` on a key that may hold an array (any key may: one value or an array
/// of them), `…` for any keys (alone) or any characters (inside a key), a note in parentheses or
/// after a space, `, a/b` for another place ending in `a/b` instead of the last keys, `JWT claim a,
/// else b` for top-level claims. A value's pointer may name the object or array it was taken from (one
/// key short; two when two keys are left: `…/awardingBody` for `…/awardingBody/identifier[]/notation`),
/// and a credential may sit anywhere in its file (a batch, a presentation).
struct PlacePattern {
    private let regex: Regex<AnyRegexOutput>

    init(keys: [String]) {
        func pattern(_ keys: [String]) -> String {
            keys.map { key in
                key == "…" ? "(/[^/]+)*" : "/" + NSRegularExpression.escapedPattern(for: key).replacingOccurrences(of: "…", with: "[^/]*") + "(/[0-9]+)?"
            }.joined()
        }
        // The whole place; the object or array one key short; two keys short when that leaves two keys.
        let stops = [keys, Array(keys.dropLast()), keys.count > 3 ? Array(keys.dropLast(2)) : []].filter { !$0.isEmpty && $0 != ["…"] }
        regex = try! Regex(stops.map { "^(/[^/]+)*" + pattern($0) + "$" }.joined(separator: "|"))
    }

    func matches(_ pointer: String) -> Bool { pointer.wholeMatch(of: regex) != nil }

    /// The places one description stands for.
    static func alternatives(_ description: String) -> [PlacePattern] {
        if description.hasPrefix("JWT claim ") {
            return description.dropFirst("JWT claim ".count).split(separator: ",").map { part in
                let claim = part.replacingOccurrences(of: "else", with: "").split(separator: " ").first.map(String.init) ?? ""
                return PlacePattern(keys: [claim])
            }
        }
        if description.hasPrefix("key \"") {
            return [PlacePattern(keys: [String(description.dropFirst(5).prefix { $0 != "\"" })])]
        }
        let plain = description.replacing(/\s*\([^)]*\)/, with: "").replacing(/\[[^\]]*\]/, with: "")
        let parts = plain.components(separatedBy: ", ")
        func keys(_ path: String) -> [String] {
            path.split(separator: "/").map { String($0.split(separator: " ").first ?? "") }.filter { !$0.isEmpty }
        }
        let first = keys(parts[0])
        return [PlacePattern(keys: first)] + parts.dropFirst().map { other in
            let tail = keys(other)
            return PlacePattern(keys: Array(first.dropLast(tail.count)) + tail)
        }
    }
}

/// Credentials made to hold one element at one described place.
enum ProbeDocument {
    /// A key of a concrete path: its name, whether it holds an array, and a member its object
    /// must have beside the value (`alignment[targetType ext:EQF]`).
    struct Key {
        var name: String
        var array = false
        var beside: (String, String)?
    }

    /// The concrete keys of each place of `description` (as ``PlacePattern/alternatives(_:)``
    /// orders them); nil where a `…` cannot be made concrete.
    static func paths(_ description: String, format: InputFormat) -> [[Key]?] {
        let plain = description.replacing(/\s*\([^)]*\)/, with: "")
        let parts = plain.components(separatedBy: ", ")
        func keys(_ path: String) -> [Key] {
            path.split(separator: "/").compactMap { segment in
                let word = String(segment.split(separator: " ").first ?? "")
                guard !word.isEmpty else { return nil }
                let name = String(word.prefix { $0 != "[" })
                var key = Key(name: name, array: word.contains("["))
                if let open = segment.firstIndex(of: "["), let close = segment.firstIndex(of: "]") {
                    let inside = segment[segment.index(after: open)..<close].split(separator: " ")
                    if inside.count == 2 { key.beside = (String(inside[0]), String(inside[1])) }
                }
                return key
            }
        }
        let first = keys(parts[0])
        let all = [first] + parts.dropFirst().map { other in
            let tail = keys(other)
            return Array(first.dropLast(tail.count)) + tail
        }
        return all.map { concrete($0, format: format) }
    }

    /// `…` at the start stands for the keys that lead to the claim's awarding or specification.
    static func concrete(_ keys: [Key], format: InputFormat) -> [Key]? {
        var keys = keys
        if keys.first?.name == "…" {
            let lead: [String: [String]] = ["specifiedBy": ["credentialSubject", "hasClaim"], "awardedBy": ["credentialSubject", "hasClaim"],
                                            "awardingBody": ["credentialSubject", "hasClaim", "awardedBy"]]
            guard format == .elmJSONLD, keys.count > 1, let prefix = lead[keys[1].name] else { return nil }
            keys = prefix.map { Key(name: $0) } + keys.dropFirst()
        }
        for index in keys.indices { keys[index].name = keys[index].name.replacingOccurrences(of: "…", with: "Probe") }
        return keys.contains { $0.name.isEmpty || $0.name.contains("…") } ? nil : keys
    }

    /// A credential of `format` with a value for `field` at `keys` and nothing else of `field`.
    static func credential(_ format: InputFormat, field: Field, at keys: [Key]) -> [String: Any] {
        let base: [String: Any]
        switch format {
        case .openBadges3: base = ["type": ["VerifiableCredential", "OpenBadgeCredential"], "credentialSubject": ["achievement": ["type": ["Achievement"]]]]
        case .openBadges2: base = ["type": "Assertion", "recipient": ["type": "email"], "badge": ["type": "BadgeClass"]]
        default: base = ["type": ["VerifiableCredential", "EuropeanDigitalCredential"], "credentialSubject": ["type": "Person"]]
        }
        var node: Any = value(field, key: keys.last?.name ?? "", format: format)
        for (index, key) in keys.enumerated().reversed() {
            var inner = node
            if let (name, condition) = key.beside {
                if index == keys.count - 1 {
                    inner = [name: condition, "targetName": "Probe"]
                } else if var object = inner as? [String: Any] {
                    object[name] = condition
                    inner = object
                }
            }
            node = [key.name: key.array ? [inner] : inner]
        }
        return merge(base, node as? [String: Any] ?? [:])
    }

    static func merge(_ a: [String: Any], _ b: [String: Any]) -> [String: Any] {
        a.merging(b) { old, new in
            if let old = old as? [String: Any], let new = new as? [String: Any] { return merge(old, new) }
            return new
        }
    }

    /// A value `field` takes at a key named `key`: text where the element is text, else what the
    /// mapper reads there (a concept, a number, a date).
    static func value(_ field: Field, key: String, format: InputFormat) -> Any {
        func concept(_ uri: String) -> Any { format == .elmJSONLD ? ["id": uri] as [String: Any] : uri }
        switch field {
        case .issuerCountry, .learnerCitizenship:
            return format == .elmJSONLD ? concept("http://publications.europa.eu/resource/authority/country/MLT") : "MT"
        case .issueDate: return "2024-03-05T10:00:00Z"
        case .learnerBirthYear: return "1990-05-01"
        case .ects: return key == "point" ? "7" : 7
        case .workloadHours: return ["SBU", "StudyLoad"].contains(key) ? 40 : "PT40H"
        case .eqfLevel: return format == .elmJSONLD ? concept("http://data.europa.eu/snb/eqf/6") : (format == .openBadges2 ? 6 : "6")
        case .learnerGender: return concept("http://publications.europa.eu/resource/authority/human-sex/FEMALE")
        case .assessmentType: return format == .elmJSONLD ? concept("http://data.europa.eu/snb/assessment/6e6cb2cc78") : "Portfolio"
        case .participationForm:
            if format != .elmJSONLD { return "Online" }
            return key == "dcType" ? concept("http://data.europa.eu/snb/learning-activity/59eaf34fab")
                : concept("http://data.europa.eu/snb/learning-assessment/920fbb3cbe")
        case .qualityAssurance: return concept("http://data.europa.eu/snb/accreditation/bb4618238e")
        case .supervision: return format == .elmJSONLD ? concept("http://data.europa.eu/snb/supervision-verification/c598449d64") : "Online proctoring"
        case .stackability: return key == "isPartialQualification" ? true : ["id": "urn:probe:whole"] as [String: Any]
        case .iscedF: return concept("http://data.europa.eu/snb/isced-f/0613")
        case .language: return format == .elmJSONLD ? concept("http://publications.europa.eu/resource/authority/language/ENG") : "en"
        case .awardingBodyId, .credentialId, .learnerId: return key == "notation" || key == "identityHash" || key == "legalName" || key == "preferredName" ? "PROBE-\(field.rawValue)" : "https://probe.example/\(field.rawValue)"
        default: return "Probe \(field.rawValue)"
        }
    }
}
