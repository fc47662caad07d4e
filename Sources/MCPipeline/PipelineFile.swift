internal import MCAggregate
internal import MCModel
internal import MCNormalize
internal import MCReport
internal import Yams

/// Checks a pipeline file whole and turns it into a ``PipelineDefinition``. Every mistake (an
/// unknown or misspelt key, a wrong type, a value out of range, an unknown report or format) is
/// a ``PipelineError/pipelineFile(path:reason:)`` that names the line and column and lists what
/// is allowed — before anything runs.
struct PipelineFile {
    let path: String

    static let topKeys = ["name", "sources", "report", "fail"]
    static let sourceKeys = ["path", "inbox", "profile", "awarding_bodies", "defaults"]
    static let reportKeys = ["out", "min_cell", "formats", "only", "method", "ptable", "hold"]
    static let failKeys = ["max_rejected_share", "require_sources"]
    /// Elements a source may default: every canonical field except the record's own identity.
    static let defaultableFields = Field.allCases.filter { $0 != .credentialId && $0 != .learnerId }

    func parse(_ text: String) throws(PipelineError) -> PipelineDefinition {
        if let (line, reason) = YAMLShape.problem(in: text) {
            throw .pipelineFile(path: "\(path), line \(line)", reason: reason)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                throw .pipelineFile(path: "\(path), line \(mark.line), column \(mark.column)",
                                    reason: "not valid YAML: \(context.map { "\($0.text) " } ?? "")\(problem)")
            default:
                throw .pipelineFile(path: path, reason: "not valid YAML: \(error)")
            }
        } catch {
            throw .pipelineFile(path: path, reason: "not valid YAML: \(error)")
        }
        guard let root else { throw .pipelineFile(path: path, reason: "is empty; it needs name and sources") }
        let top = try mapping(root, "the pipeline file", keys: PipelineFile.topKeys)
        guard let nameNode = top["name"] else { throw failure(root, "the key 'name' is missing (the pipeline's name, e.g. nightly)") }
        guard let sourcesNode = top["sources"] else { throw failure(root, "the key 'sources' is missing (a list of paths, folders or globs)") }
        let sourceNodes = try sequence(sourcesNode, "sources", expected: "a list of sources, each '- path: …'")
        guard !sourceNodes.isEmpty else { throw failure(sourcesNode, "sources lists nothing; list at least one '- path: …'") }
        return PipelineDefinition(
            name: try string(nameNode, "name"),
            sources: try sourceNodes.map(source),
            report: try top["report"].map(report),
            fail: try top["fail"].map(failRules) ?? PipelineDefinition.FailRules())
    }

    private func source(_ node: Node) throws(PipelineError) -> PipelineDefinition.Source {
        let map = try mapping(node, "a source", keys: PipelineFile.sourceKeys)
        if let inboxNode = map["inbox"] {
            guard map["path"] == nil else { throw failure(inboxNode, "a source has either 'path' or 'inbox', not both") }
            if let bodies = map["awarding_bodies"] {
                throw failure(bodies, "an inbox source binds each awarding body's folder to that body; awarding_bodies does not apply")
            }
        }
        guard let pathNode = map["path"] ?? map["inbox"] else {
            throw failure(node, "a source needs 'path' (a file, folder or glob) or 'inbox' (the folder mcstat serve lands submissions in)")
        }
        var source = PipelineDefinition.Source(path: try string(pathNode, map["path"] == nil ? "inbox" : "path"))
        source.inbox = map["path"] == nil
        if let profileNode = map["profile"] {
            let name = try string(profileNode, "profile")
            do { _ = try ProfileLoader.load(name, directories: ProfileLoader.directories(forPipeline: path)) } catch {
                throw failure(profileNode, "\(error)")
            }
            source.profile = name
        }
        if let bodies = map["awarding_bodies"] {
            let ids = try strings(bodies, "awarding_bodies", expected: "a list of awarding body ids, e.g. [DE-HRK-0815]")
            guard !ids.isEmpty else { throw failure(bodies, "awarding_bodies lists no awarding body; list the ids this source may carry") }
            source.awardingBodies = ids
        }
        if let defaults = map["defaults"] {
            let allowed = PipelineFile.defaultableFields.map(\.rawValue)
            let pairs = try mapping(defaults, "defaults", keys: allowed)
            for (key, value) in pairs {
                guard let field = Field.named[try string(key, "a defaults key")] else { continue }
                let text = try string(value, "defaults.\(field.rawValue)")
                if let issue = DefaultsCheck.problem(field: field, value: text) {
                    throw failure(value, "defaults.\(field.rawValue) '\(text)' would be refused by the rules (\(issue.code.rawValue): \(issue.message)); allowed: \(issue.hint ?? "a value the rules accept")")
                }
                source.defaults[field] = text
            }
        }
        return source
    }

    private func report(_ node: Node) throws(PipelineError) -> PipelineDefinition.Report {
        let map = try mapping(node, "report", keys: PipelineFile.reportKeys)
        var report = PipelineDefinition.Report()
        report.out = try map["out"].map { node throws(PipelineError) in try string(node, "out") }
        if let minCell = map["min_cell"] {
            guard let value = minCell.int, value >= 1 else {
                throw failure(minCell, "min_cell must be a whole number 1 or more (the disclosure threshold k; 1 disables suppression), not '\(minCell.string ?? "…")'")
            }
            report.minCell = value
        }
        if let hold = map["hold"] {
            let k = report.minCell ?? 5
            guard let value = hold.int, ReportOptions.holdProblem(hold: value, minCell: k) == nil else {
                let problem = hold.int.flatMap { ReportOptions.holdProblem(hold: $0, minCell: k) }
                    ?? "hold must be 0 (no hold) or a whole number of at least min_cell (\(k))"
                throw failure(hold, "\(problem), not '\(hold.string ?? "…")'")
            }
            report.hold = value
        }
        if let formats = map["formats"] {
            report.formats = try names(formats, "formats", allowed: ReportWriters.all.map(\.format))
        }
        if let only = map["only"] {
            report.only = try names(only, "only", allowed: ReportCatalog.all.map(\.name))
        }
        if let method = map["method"] {
            guard let name = method.string.flatMap(DisclosureMethod.Name.init(rawValue:)) else {
                throw failure(method, "unknown method '\(method.string ?? "…")'; allowed: \(DisclosureMethod.Name.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            report.method = name
        }
        report.ptable = try map["ptable"].map { node throws(PipelineError) in try string(node, "ptable") }
        return report
    }

    private func failRules(_ node: Node) throws(PipelineError) -> PipelineDefinition.FailRules {
        let map = try mapping(node, "fail", keys: PipelineFile.failKeys)
        var rules = PipelineDefinition.FailRules()
        if let share = map["max_rejected_share"] {
            guard share.scalar != nil, let value = share.float, value >= 0, value <= 1 else {
                throw failure(share, "max_rejected_share must be a number from 0 to 1 (e.g. 0.2: fail when more than 20 % of an awarding body's records are rejected), not '\(share.string ?? "…")'")
            }
            rules.maxRejectedShare = value
        }
        if let require = map["require_sources"] {
            guard require.scalar != nil, let value = require.bool else {
                throw failure(require, "require_sources must be true or false, not '\(require.string ?? "…")'")
            }
            rules.requireSources = value
        }
        return rules
    }

    // MARK: Typed access with marks

    private func failure(_ node: Node, _ reason: String) -> PipelineError {
        guard let mark = node.mark else { return .pipelineFile(path: path, reason: reason) }
        return .pipelineFile(path: "\(path), line \(mark.line), column \(mark.column)", reason: reason)
    }

    /// A mapping whose keys are all among `keys`, as (key, value) pairs in file order.
    private func mapping(_ node: Node, _ what: String, keys: [String]) throws(PipelineError) -> [(Node, Node)] {
        guard case .mapping(let map) = node else {
            throw failure(node, "\(what) must be a mapping of \(keys.joined(separator: ", "))")
        }
        var seen: Set<String> = []
        for (key, _) in map {
            guard case .scalar(let scalar) = key, keys.contains(scalar.string) else {
                throw failure(key, "unknown key '\(key.string ?? "…")' in \(what); allowed: \(keys.joined(separator: ", "))")
            }
            guard seen.insert(scalar.string).inserted else {
                throw failure(key, "the key '\(scalar.string)' appears twice in \(what)")
            }
        }
        return map.map { ($0.key, $0.value) }
    }

    private func sequence(_ node: Node, _ what: String, expected: String) throws(PipelineError) -> [Node] {
        guard case .sequence(let items) = node else { throw failure(node, "\(what) must be \(expected)") }
        return Array(items)
    }

    private func string(_ node: Node, _ what: String) throws(PipelineError) -> String {
        guard case .scalar(let scalar) = node, node.null == nil, !scalar.string.isEmpty else {
            throw failure(node, "\(what) must be a text value")
        }
        return scalar.string
    }

    private func strings(_ node: Node, _ what: String, expected: String) throws(PipelineError) -> [String] {
        var result: [String] = []
        for item in try sequence(node, what, expected: expected) { result.append(try string(item, "each entry of \(what)")) }
        return result
    }

    /// A list of names, each one of `allowed`.
    private func names(_ node: Node, _ what: String, allowed: [String]) throws(PipelineError) -> [String] {
        let expected = "a list of: \(allowed.joined(separator: ", "))"
        var result: [String] = []
        let items = try sequence(node, what, expected: expected)
        guard !items.isEmpty else { throw failure(node, "\(what) lists nothing; leave it out for all, or list some of: \(allowed.joined(separator: ", "))") }
        for item in items {
            let name = try string(item, "each entry of \(what)")
            guard allowed.contains(name) else {
                throw failure(item, "unknown \(what == "only" ? "report" : "format") '\(name)' in \(what); allowed: \(allowed.joined(separator: ", "))")
            }
            result.append(name)
        }
        return result
    }
}

extension Array where Element == (Node, Node) {
    /// The value of `key` in a checked mapping.
    fileprivate subscript(key: String) -> Node? {
        first { $0.0.string == key }?.1
    }
}
