/// Elements in memory of its own, grown by doubling: appending is a copy and a count, with no
/// uniqueness check as an array's has. Freed by ``free()``.
struct GrowingBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    mutating func reserve(_ wanted: Int) {
        guard wanted > capacity else { return }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: wanted)
        grown.initialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = wanted
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { reserve(capacity * 2) }
        (base + count).initialize(to: element)
        count += 1
    }

    @inline(__always)
    mutating func append(_ elements: UnsafePointer<Element>, count added: Int) {
        if count + added > capacity { reserve(max(capacity * 2, count + added)) }
        (base + count).initialize(from: elements, count: added)
        count += added
    }

    subscript(index: Int) -> Element { base[index] }

    mutating func removeLast() { count -= 1 }

    /// Forgets the elements from `newCount` on.
    mutating func truncate(to newCount: Int) { count = min(count, newCount) }

    /// Forgets the elements, keeping the memory, or giving back all but `limit` elements' worth.
    mutating func removeAll(keepingAtMost limit: Int = .max) {
        count = 0
        guard capacity > limit else { return }
        base.deallocate()
        capacity = max(limit, 16)
        base = .allocate(capacity: capacity)
    }

    /// The elements in `range`, as an array.
    func array(_ range: Range<Int>) -> [Element] { Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)) }

    /// Keeps the elements from `start` on, moved to the front (the ranges may overlap).
    mutating func removeFirst(_ start: Int) {
        base.update(from: base + start, count: count - start)
        count -= start
    }

    func free() { base.deallocate() }
}
