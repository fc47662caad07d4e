internal import MCModel

/// One canonical rule a record fails: the element, the reason code, the offending value (never a
/// learner id) and what to say about it. The first of a record's failures becomes its reject
/// issue; the codes of the others go into the issue's `also`.
struct RuleFailure: Sendable {
    var field: Field
    var code: ReasonCode
    var value: String?
    var message: String
    var hint: String
}
