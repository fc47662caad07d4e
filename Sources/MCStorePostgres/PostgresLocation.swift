/// Where a PostgreSQL store is: a `postgresql://` or `postgres://` URL read with libpq's meanings.
///
/// `postgresql://[user@][host][:port][/dbname][?param=value&…]`: the host is a name, an address
/// (IPv6 in brackets) or a Unix socket folder (percent-encoded, `%2Fvar%2Frun%2Fpostgresql`, or
/// `?host=/var/run/postgresql`); the port defaults to 5432, the user to `PGUSER` else the
/// program's user, the database to `PGDATABASE` else the user's name. Every part is
/// percent-decoded. As in libpq, `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGSSLMODE`,
/// `PGSSLROOTCERT`, `PGAPPNAME`, `PGCONNECT_TIMEOUT` and `PGPASSFILE` fill what the URL leaves out.
/// Parameters: `host`, `port`, `user`, `dbname`, `sslmode`, `sslrootcert`, `application_name`,
/// `fallback_application_name`, `connect_timeout`, `passfile`; any other is refused by name. A
/// password in the URL (or `password=`) is refused without being echoed: it comes from
/// `PGPASSWORD` or the password file (``PostgresPassFile``).
package struct PostgresLocation: Sendable, Equatable {
    /// The user name sent to the server.
    package var user: String
    /// A host name or address, or a Unix socket folder (starts with `/`).
    package var host: String
    package var port: Int
    package var database: String
    package var sslMode: PostgresSSLMode
    /// The trusted roots for `verify-ca`/`verify-full` (a PEM file, or `system`); libpq's default
    /// is `~/.postgresql/root.crt`.
    package var sslRootCert: String?
    /// The session's `application_name` as the URL or `PGAPPNAME` gave it; nil lets mcstat name
    /// itself (libpq's `fallback_application_name`).
    package var applicationName: String?
    package var fallbackApplicationName: String?
    /// Seconds to wait for the connection; nil: postgres-nio's 10 s.
    package var connectTimeout: Int?
    /// The password file to read (`passfile`, `PGPASSFILE`); nil: `~/.pgpass`.
    package var passFile: String?

    /// libpq's default Unix socket folder on Debian.
    package static let defaultSocketFolder = "/var/run/postgresql"
    /// The parameters a URL may carry.
    package static let parameters = ["host", "port", "user", "dbname", "sslmode", "sslrootcert", "application_name",
                                     "fallback_application_name", "connect_timeout", "passfile"]

    /// Whether a `--store` value names a PostgreSQL store rather than a SQLite file.
    package static func isURL(_ store: String) -> Bool {
        let lower = store.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    /// Whether the host is a Unix socket folder.
    package var isUnixSocket: Bool { host.hasPrefix("/") }

    /// The store named for people: `postgresql://user@host:port/db`, never a password.
    package var display: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgresql://\(user)@\(shownHost):\(port)/\(database)"
    }

    /// Reads `url`; `environment` gives the `PG*` defaults and `currentUser` the program's user.
    package init(url: String, environment: [String: String], currentUser: String) throws(PostgresStoreError) {
        guard let schemeEnd = url.range(of: "://"),
              ["postgresql", "postgres"].contains(url[..<schemeEnd.lowerBound].lowercased()) else {
            throw .badURL(reason: "it must start with postgresql:// or postgres://")
        }
        var rest = Substring(url[schemeEnd.upperBound...])
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var urlUser: String?
        // As libpq: credentials end at the first '@' met before any '/'.
        if let at = rest.firstIndex(where: { $0 == "@" || $0 == "/" }), rest[at] == "@" {
            let credentials = rest[..<at]
            if credentials.contains(":") { throw .passwordInURL }
            urlUser = try Self.decode(credentials, part: "user name")
            rest = rest[rest.index(after: at)...]
        }
        var hostPart = rest
        var databasePart: Substring?
        if let slash = Self.pathStart(rest) {
            hostPart = rest[..<slash]
            databasePart = rest[rest.index(after: slash)...]
        }
        var (urlHost, urlPort) = try Self.splitHost(hostPart)

        var params: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: "=") else {
                throw .badURL(reason: "the parameter '\(Self.shown(pair))' has no value (write name=value)")
            }
            let name = try Self.decode(pair[..<equals], part: "parameter name")
            if name == "password" { throw .passwordInURL }
            guard Self.parameters.contains(name) else {
                throw .badURL(reason: "unknown parameter '\(Self.shown(Substring(name)))'; known: \(Self.parameters.joined(separator: ", "))")
            }
            params[name] = try Self.decode(pair[pair.index(after: equals)...], part: "value of \(name)")
        }
        if let value = params["host"] { urlHost = value }
        if let value = params["port"] { urlPort = value }
        if let value = params["user"] { urlUser = value }
        var urlDatabase = params["dbname"]
        if urlDatabase == nil, let databasePart, !databasePart.isEmpty { urlDatabase = try Self.decode(databasePart, part: "database name") }

        func given(_ value: String?, _ variable: String) -> String? {
            if let value, !value.isEmpty { return value }
            if let value = environment[variable], !value.isEmpty { return value }
            return nil
        }
        user = given(urlUser, "PGUSER") ?? currentUser
        host = given(urlHost, "PGHOST") ?? Self.defaultSocketFolder
        if host.contains(",") { throw .badURL(reason: "several hosts are not supported; name one") }
        let portText = given(urlPort, "PGPORT") ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .badURL(reason: "the port '\(Self.shown(Substring(portText)))' is not a number from 1 to 65535")
        }
        self.port = port
        database = given(urlDatabase, "PGDATABASE") ?? user
        let modeText = given(params["sslmode"], "PGSSLMODE") ?? "prefer"
        guard let mode = PostgresSSLMode(rawValue: modeText) else {
            throw .badURL(reason: "sslmode '\(Self.shown(Substring(modeText)))' is not one of \(PostgresSSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        sslMode = mode
        sslRootCert = given(params["sslrootcert"], "PGSSLROOTCERT")
        applicationName = given(params["application_name"], "PGAPPNAME")
        fallbackApplicationName = params["fallback_application_name"]
        passFile = given(params["passfile"], "PGPASSFILE")
        if let timeoutText = given(params["connect_timeout"], "PGCONNECT_TIMEOUT") {
            guard let seconds = Int(timeoutText), seconds >= 0 else {
                throw .badURL(reason: "connect_timeout '\(Self.shown(Substring(timeoutText)))' is not a whole number of seconds")
            }
            // libpq: 0 waits for ever, and anything else at least 2 s.
            connectTimeout = seconds == 0 ? nil : max(2, seconds)
        }
    }

    /// Where the database name starts: the first '/' outside an IPv6 address's brackets.
    private static func pathStart(_ text: Substring) -> Substring.Index? {
        var inBrackets = false
        for index in text.indices {
            switch text[index] {
            case "[": inBrackets = true
            case "]": inBrackets = false
            case "/" where !inBrackets: return index
            default: continue
            }
        }
        return nil
    }

    /// `host`, `host:port`, `[v6]:port`, `:port` or nothing.
    private static func splitHost(_ text: Substring) throws(PostgresStoreError) -> (String?, String?) {
        if text.isEmpty { return (nil, nil) }
        if text.contains(",") { throw .badURL(reason: "several hosts are not supported; name one") }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .badURL(reason: "an IPv6 address lacks its closing ']'") }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            if after.isEmpty { return (host, nil) }
            guard after.hasPrefix(":") else { throw .badURL(reason: "unexpected text after the IPv6 address") }
            return (host, String(after.dropFirst()))
        }
        var host = text
        var port: String?
        if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            port = String(text[text.index(after: colon)...])
        }
        return (host.isEmpty ? nil : try decode(host, part: "host"), port.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Percent-decoding as libpq does it (`+` stays `+`); a broken `%` escape is refused.
    private static func decode(_ text: Substring, part: String) throws(PostgresStoreError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw .badURL(reason: "the \(part) has a broken percent escape (write %XX with two hex digits)")
            }
            let decoded = high << 4 | low
            if decoded == 0 { throw .badURL(reason: "the \(part) holds a percent-encoded NUL (%00)") }
            bytes.append(decoded)
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw .badURL(reason: "the \(part) is not UTF-8 once percent-decoded")
        }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A value as a message shows it: at most 40 characters.
    private static func shown(_ text: Substring) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : String(text)
    }
}
