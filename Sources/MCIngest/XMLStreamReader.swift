#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2
import MCModel

/// Callback state for libxml2's structured error handler: the first error seen.
struct XMLErrorState {
    var message: String?
    var line: Int?
}

private func onXMLError(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let context, let error else { return }
    let state = context.assumingMemoryBound(to: XMLErrorState.self)
    guard state.pointee.message == nil else { return }
    let text = error.pointee.message.map { String(cString: $0) } ?? "unknown XML error"
    state.pointee.message = text.trimmingASCIIWhitespace()
    state.pointee.line = Int(error.pointee.line)
}

/// Streams an XML file through libxml2's xmlTextReader and hands out the subtrees of the
/// elements a caller asks for, one at a time: memory holds one subtree, never the document.
///
/// Safety: the network is never read (`XML_PARSE_NONET`), entities are never substituted and no
/// DTD is loaded (no `XML_PARSE_NOENT`, `XML_PARSE_DTDLOAD`, `XML_PARSE_HUGE`); a document that
/// declares a DTD or references an entity is refused as unsafe.
public final class XMLStreamReader {
    public let path: String
    private let reader: xmlTextReaderPtr
    private let errors: UnsafeMutablePointer<XMLErrorState>
    /// The root element's local name and namespace, once seen.
    public private(set) var rootName: String?
    public private(set) var rootNamespace: String?
    private var finished = false
    /// Element and attribute names and namespaces as Strings, by the address of libxml2's copy:
    /// the `Const` accessors return strings from the reader's dictionary, one address per
    /// distinct string for the reader's life, so each is made into a String once.
    private var names: [UnsafePointer<xmlChar>: String] = [:]

    /// Opens `path`. Throws when the file cannot be opened.
    public init(path: String) throws(IngestError) {
        self.path = path
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_BIG_LINES.rawValue
                            | XML_PARSE_NOCDATA.rawValue)
        guard let reader = xmlReaderForFile(path, nil, options) else {
            throw .unreadable(path: path, reason: "libxml2 cannot open it")
        }
        self.reader = reader
        errors = .allocate(capacity: 1)
        errors.initialize(to: XMLErrorState())
        xmlTextReaderSetStructuredErrorHandler(reader, onXMLError, errors)
    }

    deinit {
        xmlFreeTextReader(reader)
        errors.deinitialize(count: 1)
        errors.deallocate()
    }

    /// The next element (at any depth) for which `wanted(localName, namespace, depth)` is true,
    /// as a subtree; nil at the end of the document. Elements inside a returned subtree are not
    /// offered again.
    public func next(where wanted: (String, String, Int) -> Bool) throws(IngestError) -> XMLNode? {
        try nextSubtree(where: wanted)?.node()
    }

    /// ``next(where:)``, recorded flat: the tree is built later, by ``XMLSubtree/node()``,
    /// possibly on another thread.
    public func nextSubtree(where wanted: (String, String, Int) -> Bool) throws(IngestError) -> XMLSubtree? {
        guard !finished else { return nil }
        var subtree = XMLSubtree()
        var depth = 0   // open elements of the subtree
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 {
                finished = true
                if depth > 0 { throw failure(defaultMessage: "the document ends inside an element") }
                return nil
            }
            if status < 0 {
                finished = true
                throw failure(defaultMessage: "the XML is not well-formed")
            }
            let type = xmlTextReaderNodeType(reader)
            switch type {
            case 1: // element
                if depth == 0 {
                    let name = interned(xmlTextReaderConstLocalName(reader))
                    let namespace = interned(xmlTextReaderConstNamespaceUri(reader))
                    if rootName == nil { rootName = name; rootNamespace = namespace }
                    guard wanted(name, namespace, Int(xmlTextReaderDepth(reader))) else { continue }
                }
                let name = subtree.append(xmlTextReaderConstLocalName(reader))
                let namespace = subtree.append(xmlTextReaderConstNamespaceUri(reader))
                subtree.record(.start(name: name, namespace: namespace, line: Int32(clamping: currentLine())))
                recordAttributes(into: &subtree)
                if xmlTextReaderIsEmptyElement(reader) == 1 {
                    subtree.record(.end)
                    if depth == 0 { return subtree }
                } else {
                    depth += 1
                }
            case 15: // end element
                guard depth > 0 else { continue }
                subtree.record(.end)
                depth -= 1
                if depth == 0 { return subtree }
            case 3, 4, 14: // text, CDATA, significant white space
                guard depth > 0 else { continue }
                subtree.record(.text(subtree.append(xmlTextReaderConstValue(reader))))
            case 10: // document type declaration
                finished = true
                throw .unsafe(path: path, line: XMLStreamReader.doctypeLine(in: path) ?? currentLine(),
                              reason: "the document declares a DTD (<!DOCTYPE …>); mcstat reads no DTDs and no entities")
            case 5: // entity reference
                finished = true
                throw .unsafe(path: path, line: currentLine(),
                              reason: "the document references an entity; mcstat does not expand entities")
            default:
                continue
            }
        }
    }

    /// The current element's attributes (namespace declarations left out), as events.
    private func recordAttributes(into subtree: inout XMLSubtree) {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
            let name = subtree.append(xmlTextReaderConstLocalName(reader))
            subtree.record(.attribute(name: name, value: subtree.append(xmlTextReaderConstValue(reader))))
        }
        xmlTextReaderMoveToElement(reader)
    }

    /// The line of the current node; the parser's line when libxml2 keeps none for the node (a
    /// document type declaration has line -1).
    private func currentLine() -> Int {
        if let node = xmlTextReaderCurrentNode(reader), case let line = Int(xmlGetLineNo(node)), line > 0 { return line }
        return max(1, Int(xmlTextReaderGetParserLineNumber(reader)))
    }

    /// The line where `<!DOCTYPE` starts. It can only stand in the prolog, before the root
    /// element, so the first 64 KiB are searched; nil when not found there.
    static func doctypeLine(in path: String) -> Int? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var head = [UInt8](repeating: 0, count: 64 * 1024)
        let count = fread(&head, 1, head.count, file)
        let marker = Array("<!DOCTYPE".utf8)
        guard count >= marker.count else { return nil }
        var line = 1
        for index in 0...(count - marker.count) {
            if head[index] == 0x0A { line += 1 }
            if head[index] == marker[0], Array(head[index..<(index + marker.count)]) == marker { return line }
        }
        return nil
    }

    private func failure(defaultMessage: String) -> IngestError {
        let message = errors.pointee.message ?? defaultMessage
        let line = errors.pointee.line ?? Int(xmlTextReaderGetParserLineNumber(reader))
        if message.localizedCaseInsensitiveContains("entity") || message.localizedCaseInsensitiveContains("amplification") {
            // Entities come from a DTD. An error found inside an entity's text counts the lines of
            // that text, not of the file: a line before the DTD cannot be right, name the DTD's.
            if let doctype = XMLStreamReader.doctypeLine(in: path), line < doctype {
                return .unsafe(path: path, line: doctype,
                               reason: "the document declares a DTD (<!DOCTYPE …>) with entities; mcstat reads no DTDs and no entities (libxml2: \(message))")
            }
            return .unsafe(path: path, line: line, reason: message)
        }
        return .malformed(path: path, line: line, reason: message)
    }

    /// A name from the reader's dictionary (see ``names``).
    private func interned(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        // The bytes are compared too, so a reused address can never give a wrong name.
        if let known = names[pointer], known.withCString({ strcmp($0, UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)) == 0 }) {
            return known
        }
        let text = String(cString: pointer)
        names[pointer] = text
        return text
    }

}

import Foundation
