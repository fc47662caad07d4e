/// Why a command could not go on as a whole. Every case names the file it is about.
package enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// The key file could not be read or created, or is too short.
    case keyFile(path: String, reason: String)
    /// The pipeline file could not be read or is not valid.
    case pipelineFile(path: String, reason: String)
    /// Another writer holds the store's lock; `holder` names it (pid, command, since).
    case storeBusy(path: String, holder: String)
    /// A CSV mapping profile could not be found or read.
    case profile(name: String, reason: String)
    /// A report could not be written.
    case output(path: String, reason: String)

    package var description: String {
        switch self {
        case .keyFile(let path, let reason): "key file \(path): \(reason)"
        case .pipelineFile(let path, let reason): "pipeline \(path): \(reason)"
        case .storeBusy(let path, let holder):
            "the store \(path) is busy: another writer holds it (\(holder)); try again when it has finished, or pass --wait SECONDS"
        case .output(let path, let reason): "cannot write \(path): \(reason)"
        case .profile(let name, let reason): "profile \(name): \(reason)"
        }
    }
}
