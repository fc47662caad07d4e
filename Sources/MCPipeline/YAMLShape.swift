internal import CYaml

/// Checks a YAML text's shape before it is composed: Yams builds nodes recursively, so a file
/// nested thousands of levels deep would overflow the stack, and aliases of aliases expand
/// exponentially ("billion laughs"). Read through libyaml's events, which keep no recursion:
/// a pipeline file or profile nests four levels and holds a few hundred values.
enum YAMLShape {
    /// Deepest nesting of mappings and sequences allowed.
    static let maxDepth = 64
    /// Most values the text may stand for once every alias is expanded.
    static let maxValues = 100_000

    /// What is wrong with the shape of `text`, with its line (from 1); nil when it is within
    /// bounds, or when it is not YAML at all (the composer then says where).
    static func problem(in text: String) -> (line: Int, reason: String)? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return nil }
        return bytes.withUnsafeMutableBufferPointer { buffer -> (line: Int, reason: String)? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            // Open collections: the value count when each began and its anchor, if any.
            var open: [(start: Int, anchor: String?)] = []
            var anchored: [String: Int] = [:]
            var values = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                switch event.type {
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchor = event.type == YAML_SEQUENCE_START_EVENT
                        ? event.data.sequence_start.anchor.map { String(cString: $0) }
                        : event.data.mapping_start.anchor.map { String(cString: $0) }
                    open.append((values, anchor))
                    values += 1
                    if open.count > maxDepth {
                        return (line, "nested more than \(maxDepth) levels deep (a pipeline file or profile needs four)")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if let (start, anchor) = open.popLast(), let anchor { anchored[anchor] = values - start }
                case YAML_SCALAR_EVENT:
                    values += 1
                    if let anchor = event.data.scalar.anchor { anchored[String(cString: anchor)] = 1 }
                case YAML_ALIAS_EVENT:
                    values += event.data.alias.anchor.flatMap { anchored[String(cString: $0)] } ?? 1
                case YAML_STREAM_END_EVENT:
                    return nil
                default:
                    break
                }
                if values > maxValues {
                    return (line, "stands for more than \(maxValues) values once its aliases are expanded")
                }
            }
        }
    }
}
