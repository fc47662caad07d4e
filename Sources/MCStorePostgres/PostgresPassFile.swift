import Foundation

/// The password for a ``PostgresLocation``, found as libpq finds it: `PGPASSWORD` when set and not
/// empty, else the first matching line of the password file (`passfile`, `PGPASSFILE`, else
/// `~/.pgpass`).
///
/// A line is `host:port:database:user:password`; `*` in the first four fields matches anything,
/// `\:` and `\\` stand for `:` and `\`, and lines starting with `#` are comments. A Unix-socket
/// connection to the default socket folder matches the host `localhost`. As libpq does, a file
/// that group or others may read or write, or that is not a regular file, is ignored with a
/// warning (checked on the file's mode bits, so it holds for root too). Warnings never show a
/// password.
package enum PostgresPassFile {
    /// The password, if any, and what the caller should warn about.
    package struct Lookup: Sendable, Equatable {
        package var password: String?
        package var warnings: [String]

        package init(password: String?, warnings: [String]) {
            self.password = password
            self.warnings = warnings
        }
    }

    package static func password(for location: PostgresLocation, environment: [String: String]) -> Lookup {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return Lookup(password: password, warnings: []) }
        let path = location.passFile ?? defaultPath(environment: environment)
        guard let path else { return Lookup(password: nil, warnings: []) }
        var info = stat()
        guard stat(path, &info) == 0 else { return Lookup(password: nil, warnings: []) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return Lookup(password: nil, warnings: ["password file \"\(path)\" is not a plain file; it was ignored"])
        }
        guard info.st_mode & (S_IRWXG | S_IRWXO) == 0 else {
            return Lookup(password: nil, warnings: [
                "password file \"\(path)\" has group or world access; permissions should be u=rw (0600) or less: it was ignored",
            ])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return Lookup(password: nil, warnings: ["password file \"\(path)\" cannot be read; it was ignored"])
        }
        return Lookup(password: match(String(decoding: data, as: UTF8.self), location: location), warnings: [])
    }

    /// `$HOME/.pgpass` (libpq's default).
    static func defaultPath(environment: [String: String]) -> String? {
        guard let home = environment["HOME"] ?? (getpwuid(geteuid())?.pointee.pw_dir).map({ String(cString: $0) }) else { return nil }
        return (home as NSString).appendingPathComponent(".pgpass")
    }

    /// The password of the first line of `text` matching `location`.
    package static func match(_ text: String, location: PostgresLocation) -> String? {
        // libpq compares a Unix-socket connection to the default folder as `localhost`.
        let host = location.host == PostgresLocation.defaultSocketFolder ? "localhost" : location.host
        let wanted = [host, String(location.port), location.database, location.user]
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.hasPrefix("#") || line.isEmpty { continue }
            let fields = split(line)
            guard fields.count == 5 else { continue }
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// The four key fields and the password, unescaped; the password is the rest of the line.
    private static func split(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if character == ":" && fields.count < 4 { fields.append(current); current = ""; continue }
            current.append(character)
        }
        fields.append(current)
        return fields
    }
}
