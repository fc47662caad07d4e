#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CLibXML2
internal import MCModel

/// What the SAX callbacks share with the reader: the subtree being recorded, the subtrees
/// finished in the last chunk, and the first error or unsafe construct met.
private struct XMLParseState {
    var recorder = XMLSubtreeRecorder()
    /// Subtrees finished and not yet handed out, from `head` on.
    var ready: [XMLSubtree] = []
    var head = 0
    /// Elements open in the document.
    var depth = 0
    /// Which elements' subtrees to record (local name, namespace, depth); set while a chunk is parsed.
    var wanted: ((String, String, Int) -> Bool)?
    var rootName: String?
    var rootNamespace: String?
    /// The first error libxml2 reported (errors before warnings), with its line.
    var message: String?
    var messageLevel: Int32 = 0
    var line: Int?
    /// A DTD or an entity reference: refused.
    var unsafe: (construct: UnsafeConstruct, line: Int)?

    /// What makes a document unsafe to read.
    enum UnsafeConstruct {
        /// `<!DOCTYPE …>`: reported at the line where it starts.
        case dtd
        case entityReference

        var reason: String {
            switch self {
            case .dtd: "the document declares a DTD (<!DOCTYPE …>); mcstat reads no DTDs and no entities"
            case .entityReference: "the document references an entity; mcstat does not expand entities"
            }
        }
    }
    var context: xmlParserCtxtPtr?
    /// Element names and namespaces as Strings, by the address of libxml2's copy: names come
    /// from the parser's dictionary, one address per distinct string for the parser's life, so
    /// each is made into a String once.
    var names: [UnsafePointer<xmlChar>: String] = [:]
    /// The reader's element names, by which each recorded element is marked; nil for none.
    var symbols: XMLNameSymbols?

    var currentLine: Int32 { context?.pointee.input?.pointee.line ?? 0 }

    mutating func interned(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        // The bytes are compared too, so a reused address can never give a wrong name.
        if let known = names[pointer], known.withCString({ strcmp($0, UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)) == 0 }) {
            return known
        }
        let text = String(cString: pointer)
        names[pointer] = text
        return text
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<XMLParseState> {
        context!.assumingMemoryBound(to: XMLParseState.self)
    }
}

/// Streams an XML file through libxml2's SAX2 push parser and hands out the subtrees of the
/// elements a caller asks for, one at a time: memory holds the subtrees of one chunk of the
/// file, never the document.
///
/// Safety: the network is never read (`XML_PARSE_NONET`), entities are never substituted and no
/// DTD is loaded (no `XML_PARSE_NOENT`, `XML_PARSE_DTDLOAD`, `XML_PARSE_HUGE`, no external
/// subset or entity callbacks); a document that declares a DTD is refused at its `<!DOCTYPE`,
/// before the DTD is read, and a reference to an undeclared entity is an error.
package final class XMLStreamReader {
    /// Bytes read from the file and given to the parser at a time.
    static let chunkSize = 256 * 1024
    /// The largest subtree recorded: its spans count in 32 bits.
    static let maxSubtreeBytes = 256 << 20
    package let path: String
    private let file: UnsafeMutablePointer<FILE>
    private let context: xmlParserCtxtPtr
    /// Shared with the callbacks by address (a pointer: no exclusivity checks per callback).
    private let state: UnsafeMutablePointer<XMLParseState>
    private let handler: UnsafeMutablePointer<xmlSAXHandler>
    private var chunk = [CChar](repeating: 0, count: XMLStreamReader.chunkSize)
    private var finished = false
    /// The error that stopped the parse, thrown once the subtrees before it are handed out.
    private var stop: IngestError?
    /// Refuses a start tag of more attributes than libxml2 checks in reasonable time; counts
    /// only once `runCheck` could not tell (``admit(_:)``).
    private var attributeGuard = XMLAttributeGuard()
    private var runCheck = XMLAttributeRunCheck()
    private var guardCounts = false
    /// Bytes given to the parser so far.
    private var offset = 0
    /// The root element's local name and namespace, once seen.
    package var rootName: String? { state.pointee.rootName }
    package var rootNamespace: String? { state.pointee.rootNamespace }

    /// A copy of the bytes read from memory (``init(bytes:name:)``), freed with the reader.
    private let memory: UnsafeMutableRawBufferPointer?

    /// Opens `path`. Throws when the file cannot be opened.
    package convenience init(path: String) throws(IngestError) {
        guard let file = fopen(path, "rb") else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        try self.init(file: file, path: path, memory: nil)
    }

    /// Opens `path`, and marks each element recorded with the index of its local name in
    /// `names` (``XMLNameTable/forEachChild(of:_:)``).
    convenience init(path: String, names: XMLNameTable) throws(IngestError) {
        try self.init(path: path)
        state.pointee.symbols = XMLNameSymbols(names)
    }

    /// Reads `bytes` (an XML credential found inside another document, base64-decoded), named
    /// `name` in messages.
    package convenience init(bytes: [UInt8], name: String) throws(IngestError) {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        memory.copyBytes(from: bytes)
        guard let file = fmemopen(memory.baseAddress, bytes.count, "rb") else {
            memory.deallocate()
            throw .unreadable(path: name, reason: "the embedded XML cannot be opened")
        }
        try self.init(file: file, path: name, memory: memory)
    }

    private init(file: UnsafeMutablePointer<FILE>, path: String, memory: UnsafeMutableRawBufferPointer?) throws(IngestError) {
        self.path = path
        self.memory = memory
        handler = .allocate(capacity: 1)
        handler.initialize(to: XMLStreamReader.makeHandler())
        var head = [CChar](repeating: 0, count: 4)
        let headCount = fread(&head, 1, 4, file)
        var runCheck = XMLAttributeRunCheck()
        // Four bytes hold no run of too many `=`.
        _ = head.withUnsafeBytes { runCheck.admits(UnsafeRawBufferPointer(rebasing: $0[0..<headCount])) }
        self.runCheck = runCheck
        offset = headCount
        state = .allocate(capacity: 1)
        state.initialize(to: XMLParseState())
        guard let context = xmlCreatePushParserCtxt(handler, UnsafeMutableRawPointer(state), head, Int32(headCount), path) else {
            fclose(file)
            memory?.deallocate()
            handler.deallocate()
            state.pointee.recorder.free()
            state.deinitialize(count: 1)
            state.deallocate()
            throw .unreadable(path: path, reason: "libxml2 cannot open it")
        }
        self.file = file
        self.context = context
        state.pointee.context = context
        // No XML_PARSE_NOBLANKS: it would replace the handler's white space callback; the
        // recorder drops ignorable white space as libxml2 does with it.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)
        xmlCtxtUseOptions(context, options)
    }

    deinit {
        xmlFreeParserCtxt(context)
        handler.deallocate()
        state.pointee.recorder.free()
        state.deinitialize(count: 1)
        state.deallocate()
        fclose(file)
        memory?.deallocate()
    }

    /// The SAX2 callbacks: elements, character data, DTDs and entity references, errors.
    private static func makeHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { user, localName, _, uri, _, _, attributeCount, _, attributes in
            let state = XMLParseState.from(user)
            let depth = state.pointee.depth
            state.pointee.depth += 1
            if !state.pointee.recorder.isRecording {
                let name = state.pointee.interned(localName)
                let namespace = state.pointee.interned(uri)
                if state.pointee.rootName == nil { (state.pointee.rootName, state.pointee.rootNamespace) = (name, namespace) }
                guard state.pointee.wanted?(name, namespace, depth) == true else { return }
            }
            var symbol: Int32 = -1
            if let localName, state.pointee.symbols != nil { symbol = state.pointee.symbols!.symbol(localName) }
            state.pointee.recorder.start(name: localName, namespace: uri, symbol: symbol, line: state.pointee.currentLine,
                                 attributeCount: Int(attributeCount), attributes: attributes)
        }
        handler.endElementNs = { user, _, _, _ in
            let state = XMLParseState.from(user)
            state.pointee.depth -= 1
            if let subtree = state.pointee.recorder.end() { state.pointee.ready.append(subtree) }
        }
        handler.characters = { user, text, count in
            guard let text else { return }
            XMLParseState.from(user).pointee.recorder.characters(text, count: Int(count))
        }
        handler.internalSubset = { user, _, _, _ in
            let state = XMLParseState.from(user)
            if state.pointee.unsafe == nil {
                state.pointee.unsafe = (.dtd, Int(state.pointee.currentLine))
            }
            xmlStopParser(state.pointee.context)
        }
        handler.reference = { user, _ in
            let state = XMLParseState.from(user)
            if state.pointee.unsafe == nil {
                state.pointee.unsafe = (.entityReference, Int(state.pointee.currentLine))
            }
            xmlStopParser(state.pointee.context)
        }
        handler.serror = { user, error in
            guard let user, let error else { return }
            let state = XMLParseState.from(user)
            // The first error wins; a warning only until an error comes.
            let level = Int32(error.pointee.level.rawValue)
            guard state.pointee.message == nil || (state.pointee.messageLevel < Int32(XML_ERR_ERROR.rawValue) && level >= Int32(XML_ERR_ERROR.rawValue)) else { return }
            let text = error.pointee.message.map { String(cString: $0) } ?? "unknown XML error"
            state.pointee.message = text.trimmingASCIIWhitespace()
            state.pointee.messageLevel = level
            state.pointee.line = Int(error.pointee.line)
        }
        return handler
    }

    /// The next element (at any depth) for which `wanted(localName, namespace, depth)` is true,
    /// as a subtree; nil at the end of the document. Elements inside a returned subtree are not
    /// offered again.
    package func next(where wanted: (String, String, Int) -> Bool) throws(IngestError) -> XMLElement? {
        try nextSubtree(where: wanted)?.root
    }

    /// ``next(where:)``, kept flat: the subtree is read later, possibly on another thread.
    package func nextSubtree(where wanted: (String, String, Int) -> Bool) throws(IngestError) -> XMLSubtree? {
        while state.pointee.head == state.pointee.ready.count {
            state.pointee.ready.removeAll(keepingCapacity: true)
            state.pointee.head = 0
            if let stop {
                self.stop = nil
                finished = true
                throw stop
            }
            guard !finished else { return nil }
            withoutActuallyEscaping(wanted) { wanted in
                state.pointee.wanted = wanted
                parseChunk()
                state.pointee.wanted = nil
            }
        }
        defer { state.pointee.head += 1 }
        return state.pointee.ready[state.pointee.head]
    }

    /// Gives the parser the next chunk of the file (or the end), and keeps what stopped it.
    private func parseChunk() {
        let count = chunk.withUnsafeMutableBufferPointer { fread($0.baseAddress, 1, $0.count, file) }
        let terminate: Int32 = count == 0 ? 1 : 0
        if count == 0 && ferror(file) != 0 {
            stop = .unreadable(path: path, reason: String(cString: strerror(errno)))
            return
        }
        let admitted = chunk.withUnsafeBytes { bytes in
            Result { () throws(IngestError) in try admit(UnsafeRawBufferPointer(rebasing: bytes[0..<count])) }
        }
        if case .failure(let error) = admitted {
            stop = error
            state.pointee.recorder.reset()
            return
        }
        if case .success(let line?) = admitted {
            stop = .unsafe(path: path, line: line, reason: "an element has more than \(XMLAttributeGuard.maxAttributes) attributes")
            state.pointee.recorder.reset()
            return
        }
        let status = chunk.withUnsafeBufferPointer { xmlParseChunk(context, $0.baseAddress, Int32(count), terminate) }
        if let unsafe = state.pointee.unsafe {
            let line = unsafe.construct == .dtd ? (XMLStreamReader.doctypeLine(in: path) ?? unsafe.line) : unsafe.line
            stop = .unsafe(path: path, line: line, reason: unsafe.construct.reason)
        } else if status != 0 || context.pointee.wellFormed == 0 {
            stop = failure(defaultMessage: "the XML is not well-formed")
        } else if state.pointee.recorder.recordedBytes > XMLStreamReader.maxSubtreeBytes {
            stop = .unsafe(path: path, line: Int(state.pointee.currentLine), reason: "one element holds more than \(XMLStreamReader.maxSubtreeBytes >> 20) MiB")
        } else if terminate == 1 {
            finished = true
            if state.pointee.depth > 0 { stop = failure(defaultMessage: "the document ends inside an element") }
        }
        if stop != nil { state.pointee.recorder.reset() }
    }

    /// The line of a start tag of too many attributes in the next bytes of the document, nil
    /// when there is none. The run check passes nearly every document; where it cannot tell,
    /// the guard counts from then on, from the document's first byte (read again).
    private func admit(_ bytes: UnsafeRawBufferPointer) throws(IngestError) -> Int? {
        defer { offset += bytes.count }
        if !guardCounts {
            if runCheck.admits(bytes) { return nil }
            guardCounts = true
            if let line = try rescan() { return line }
        }
        return attributeGuard.scan(bytes)
    }

    /// Has the guard count the bytes given to the parser so far, read again from the file or
    /// the memory they came from; the line of a tag it refuses there.
    private func rescan() throws(IngestError) -> Int? {
        attributeGuard = XMLAttributeGuard()
        if let memory {
            return attributeGuard.scan(UnsafeRawBufferPointer(rebasing: memory[0..<offset]))
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var position = 0
        let descriptor = fileno(file)
        while position < offset {
            let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, min($0.count, offset - position), off_t(position)) }
            guard read > 0 else {
                throw .unreadable(path: path, reason: read < 0 ? String(cString: strerror(errno)) : "the file became shorter while it was read")
            }
            if let line = buffer.withUnsafeBytes({ attributeGuard.scan(UnsafeRawBufferPointer(rebasing: $0[0..<read])) }) { return line }
            position += read
        }
        return nil
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
        let message = state.pointee.message ?? defaultMessage
        let line = state.pointee.line ?? Int(state.pointee.currentLine)
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
}
