/// Where a store lives, as `--store` or `MCSTAT_STORE` name it (cli.md, "Stores"): a path is the
/// embedded SQLite store; a `postgresql://` or `postgres://` URL is a PostgreSQL store.
package enum StoreLocation: Sendable, Equatable {
    /// The SQLite store at this path.
    case file(path: String)
    /// A PostgreSQL store, as libpq's connection URI names it (the password, if any, is never
    /// shown: see ``description``).
    case postgres(url: String)

    /// The URL schemes libpq takes for a connection URI.
    static let postgresSchemes = ["postgresql://", "postgres://"]

    /// `text` read as a location: a URL with one of libpq's schemes (any case), else a path.
    package init(_ text: String) {
        let lowered = text.lowercased()
        self = StoreLocation.postgresSchemes.contains(where: lowered.hasPrefix) ? .postgres(url: text) : .file(path: text)
    }

    /// The location as messages name it: the path, or the URL with any password in it replaced
    /// by `***` (a password belongs in `PGPASSWORD` or `~/.pgpass`, never in a message).
    package var description: String {
        switch self {
        case .file(let path): return path
        case .postgres(let url): return StoreLocation.redacted(url)
        }
    }

    /// `url` without the password of its `user:password@` part, nor of a `password=` parameter.
    static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        var result = String(url[..<schemeEnd.upperBound])
        var rest = Substring(url[schemeEnd.upperBound...])
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            result += authority[..<colon] + ":***" + authority[at...]
        } else {
            result += authority
        }
        rest = rest[authorityEnd...]
        guard let query = rest.firstIndex(of: "?") else { return result + rest }
        result += rest[...query]
        let parameters = rest[rest.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false).map { parameter in
            parameter.lowercased().hasPrefix("password=") ? "password=***" : String(parameter)
        }
        return result + parameters.joined(separator: "&")
    }
}
