#if PostgreSQL
import Foundation

/// A bounded queue between one producing and one consuming thread: `put` blocks while it is
/// full, `take` while it is empty; either side may stop the other (`close`), the producer with an
/// error the consumer then sees.
final class Handoff<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private let capacity: Int
    private var finished = false
    private var failure: (any Error)?
    private var consumerGone = false

    init(capacity: Int) { self.capacity = capacity }

    /// Adds `item`, waiting for room; false when the consumer stopped listening.
    func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity && !consumerGone { condition.wait() }
        guard !consumerGone else { return false }
        if head > 0 && head == items.count { items.removeAll(keepingCapacity: true); head = 0 }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The producer is done, with `error` if it failed.
    func finish(_ error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = failure ?? error
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, waiting for one; nil when the producer finished and all were taken.
    /// Throws the producer's error once everything before it was taken.
    func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !finished { condition.wait() }
        if head < items.count {
            let item = items[head]
            head += 1
            condition.broadcast()
            return item
        }
        if let failure { throw failure }
        return nil
    }

    /// The consumer stops listening: a waiting or later `put` returns false.
    func close() {
        condition.lock()
        consumerGone = true
        items.removeAll()
        head = 0
        condition.broadcast()
        condition.unlock()
    }

    /// The producer's error, if it failed.
    var error: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }
}
#endif
