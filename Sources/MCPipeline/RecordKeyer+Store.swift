package import MCModel
package import MCNormalize
package import MCStore

extension RecordKeyer {
    /// The record keys of a credential and of its learner.
    package func keys(awardingBodyId: String, credentialId: String, learnerKey: String) -> RecordKeys {
        RecordKeys(credential: credential(awardingBodyId: awardingBodyId, credentialId: credentialId), learner: learner(learnerKey))
    }
}

extension PipelineStore {
    /// Gives every stored credential without record keys (stored before keys were made) its keys;
    /// returns how many. Every writer does this when it opens the store with the key file.
    @discardableResult
    package func fillRecordKeys(with keyer: RecordKeyer) throws(StoreError) -> Int {
        try fillRecordKeys { keyer.keys(awardingBodyId: $0, credentialId: $1, learnerKey: $2) }
    }
}
