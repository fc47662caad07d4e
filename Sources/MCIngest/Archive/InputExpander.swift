import Foundation

/// Turns command-line inputs into files: a file as is, a folder's members (recursively, sorted),
/// a `.zip` archive's members (recognised by its signature, unpacked within limits).
///
/// Nothing is skipped in silence: every member of a folder or archive is either read, or named
/// with the reason it is not (``InputFile/skipReason``: hidden, not an export, not UTF-8 named,
/// nested archive), or refused as unsafe (a link, a path leaving the archive, an archive over
/// its limits), which is an ``IngestError``. A folder or archive with nothing to read is one too.
package enum InputExpander {
    /// The extensions of the exports mcstat reads in a folder or archive (any case). Other files
    /// (a README, a PDF, a spreadsheet) are named as "not an export" and not read; a file named
    /// on the command line is read whatever its name, by its content.
    package static let exportExtensions: Set<String> = ["csv", "tsv", "xml", "json", "jsonl", "ndjson", "jsonld",
                                                       "jwt", "jws"]

    /// The files under `path`. A path that does not exist is returned as is, so that reading it
    /// reports the error.
    package static func files(at path: String) -> [Result<InputFile, IngestError>] {
        var status = stat()
        guard lstat(path, &status) == 0 else { return [.success(InputFile(path: path))] }
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if !isDirectory.boolValue {
            return ZipExpander.isZip(path) ? ZipExpander.members(of: path) : [.success(InputFile(path: path))]
        }
        var found: [Result<InputFile, IngestError>] = []
        walk(Array(path.utf8), shown: path, into: &found)
        if found.isEmpty {
            return [.failure(.emptyInput(path: path, reason: "the folder holds no files: nothing to read"))]
        }
        if !found.contains(where: isRead), !found.contains(where: isFailure) {
            found.append(.failure(.emptyInput(path: path, reason: "the folder holds no export: every file in it was skipped (see the warnings)")))
        }
        return found.sorted { name($0) < name($1) }
    }

    /// Why a member named `name` (its last path component) is not an export to read, or nil.
    static func skipReason(name: String) -> String? {
        if name.hasPrefix(".") { return "hidden" }
        let ext = (name as NSString).pathExtension.lowercased()
        if ext == "zip" { return "a nested archive, not unpacked: unpack it or send it on its own" }
        guard exportExtensions.contains(ext) else {
            return "not an export (in folders and archives mcstat reads only .\(exportExtensions.sorted().joined(separator: ", .")) files)"
        }
        return nil
    }

    /// The members of the folder at `directory` (raw path bytes), depth first.
    private static func walk(_ directory: [UInt8], shown: String, into found: inout [Result<InputFile, IngestError>]) {
        guard let stream = opendir(directory.nulTerminated) else {
            found.append(.failure(.unreadable(path: shown, reason: "cannot list the folder: \(String(cString: strerror(errno)))")))
            return
        }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [46] && name != [46, 46] { names.append(name) }
        }
        let base = shown.hasSuffix("/") ? shown : shown + "/"
        for nameBytes in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let path = directory + (directory.last == 47 ? [] : [47]) + nameBytes
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                let lossy = String(decoding: nameBytes, as: UTF8.self)
                found.append(.success(InputFile(skipped: base + lossy, reason: "not UTF-8 named: rename it with a UTF-8 name")))
                continue
            }
            let member = base + name
            var status = stat()
            guard lstat(path.nulTerminated, &status) == 0 else {
                found.append(.failure(.unreadable(path: member, reason: String(cString: strerror(errno)))))
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFLNK:
                found.append(.failure(.unsafe(path: member, line: nil, reason: "a link: folders are read without following links")))
            case S_IFDIR:
                if name.hasPrefix(".") {
                    found.append(.success(InputFile(skipped: member + "/", reason: "a hidden folder")))
                } else {
                    walk(path, shown: member, into: &found)
                }
            case S_IFREG:
                if name.hasPrefix(".") {
                    found.append(.success(InputFile(skipped: member, reason: "hidden")))
                } else if ZipExpander.isZip(member) {
                    found.append(contentsOf: ZipExpander.members(of: member))
                } else if let reason = skipReason(name: name) {
                    found.append(.success(InputFile(skipped: member, reason: reason)))
                } else {
                    found.append(.success(InputFile(path: member)))
                }
            default:
                found.append(.success(InputFile(skipped: member, reason: "not a regular file")))
            }
        }
    }

    static func isRead(_ item: Result<InputFile, IngestError>) -> Bool {
        if case .success(let file) = item { return file.skipReason == nil }
        return false
    }

    static func isFailure(_ item: Result<InputFile, IngestError>) -> Bool {
        if case .failure = item { return true }
        return false
    }

    static func name(_ item: Result<InputFile, IngestError>) -> String {
        switch item {
        case .success(let file): file.displayPath
        case .failure(let error): error.path
        }
    }
}

extension Array where Element == UInt8 {
    /// The bytes with a terminating NUL, for C path arguments.
    var nulTerminated: [CChar] { map { CChar(bitPattern: $0) } + [0] }
}
