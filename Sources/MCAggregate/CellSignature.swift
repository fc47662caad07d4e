/// What a report's cell depends on, for one credential: the few numbers and names its `cell`
/// function reads (a year, a value's number in the fact table, an enumeration's raw value).
/// Credentials with equal signatures fall into the same cell, so ``CrossTab`` computes a cell's
/// dimension values once per signature instead of once per credential. A tally keeps one entry
/// per country and signature for the whole pass, so a signature reads what takes few values (the
/// year, not the date).
struct CellSignature: Hashable {
    var first = 0
    var second = 0
    var third = 0
    var name: String?
    var otherName: String?
}
