extension String {
    /// The string without ASCII space, tab, CR and LF at either end (step 1 of the canonical
    /// normalization rules; other white space is content).
    package func trimmingASCIIWhitespace() -> String {
        let utf8 = self.utf8
        // Most values have nothing to trim: look at both ends before searching.
        if let first = utf8.first, let last = utf8.last,
           first != 0x20 && first != 0x09 && first != 0x0D && first != 0x0A,
           last != 0x20 && last != 0x09 && last != 0x0D && last != 0x0A {
            return self
        }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !isSpace($0) })!
        if first == utf8.startIndex && last == utf8.index(before: utf8.endIndex) { return self }
        return String(self[first...last])
    }
}
