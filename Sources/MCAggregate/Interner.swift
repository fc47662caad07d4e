/// Numbers distinct values in the order they are first seen: the small tables a ``FactTable``'s
/// columns index into.
struct Interner<Value: Hashable> {
    /// The distinct values; a value's number is its index here.
    private(set) var values: [Value] = []
    private var numbers: [Value: Int32] = [:]

    /// The number of `value`, given it on first sight.
    mutating func number(_ value: Value) -> Int32 {
        if let number = numbers[value] { return number }
        let number = Int32(values.count)
        values.append(value)
        numbers[value] = number
        return number
    }
}
