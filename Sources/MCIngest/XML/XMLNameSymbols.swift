/// The index of an element's local name in an ``XMLNameTable``, found by the address of
/// libxml2's copy of the name: the SAX2 callbacks get names from the parser's dictionary, one
/// address per distinct name for the parser's life (the dictionary frees nothing before the
/// parser is freed), so each address is matched against the table's bytes once and then
/// looked up by address alone, without reading the name.
struct XMLNameSymbols {
    let table: XMLNameTable
    /// Open addressing on the address: `slots` entries, an address of 0 for an empty one.
    private var addresses: [UInt]
    private var symbols: [Int32]
    private var used = 0
    private static let slots = 512
    /// Past this many distinct names (a document of many names), new ones are matched by their
    /// bytes each time rather than remembered.
    private static let mostRemembered = 384

    init(_ table: XMLNameTable) {
        self.table = table
        addresses = [UInt](repeating: 0, count: XMLNameSymbols.slots)
        symbols = [Int32](repeating: -1, count: XMLNameSymbols.slots)
    }

    /// The index in the table of the NUL-terminated name at `name`, -1 when it is not there.
    @inline(__always)
    mutating func symbol(_ name: UnsafePointer<UInt8>) -> Int32 {
        let address = UInt(bitPattern: name)
        var slot = Int(truncatingIfNeeded: (address &* 0x9E37_79B9_7F4A_7C15) >> 55)
        while true {
            let found = addresses[slot]
            if found == address { return symbols[slot] }
            if found == 0 { break }
            slot = (slot + 1) & (XMLNameSymbols.slots - 1)
        }
        let symbol = table.index(of: name)
        if used < XMLNameSymbols.mostRemembered {
            addresses[slot] = address
            symbols[slot] = symbol
            used += 1
        }
        return symbol
    }
}
