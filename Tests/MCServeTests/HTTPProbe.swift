import Dispatch
import Foundation

/// A plain HTTP/1.1 client over a loopback socket, so tests control every byte (and can cut an
/// upload off). Blocking socket calls run on a Dispatch queue, never on the threads that serve.
struct HTTPProbe {
    let port: Int

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Sends a whole request (`Connection: close`) and reads the whole answer.
    func send(_ method: String, _ path: String, token: String? = nil, headers: [String: String] = [:],
              body: Data? = nil, chunked: Bool = false) async throws -> Answer {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        var payload = Data()
        if let body {
            if chunked {
                head += "Transfer-Encoding: chunked\r\n"
                var offset = 0
                while offset < body.count {
                    let piece = body[offset..<min(offset + 65_536, body.count)]
                    payload.append(Data(String(piece.count, radix: 16).utf8) + Data("\r\n".utf8) + piece + Data("\r\n".utf8))
                    offset += piece.count
                }
                payload.append(Data("0\r\n\r\n".utf8))
            } else {
                head += "Content-Length: \(body.count)\r\n"
                payload = body
            }
        }
        let request = Data((head + "\r\n").utf8) + payload
        let port = self.port
        return try await Self.onDispatch {
            let socket = try Self.connect(port)
            defer { close(socket) }
            try Self.write(socket, request)
            return try Self.parse(Self.readAll(socket))
        }
    }

    /// Sends a request head that promises `declared` bytes, then only `sent` of them, and hangs up.
    func cutOff(_ path: String, token: String, declared: Int, sent: Data) async throws {
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: \(declared)\r\n\r\n"
        let port = self.port
        try await Self.onDispatch {
            let socket = try Self.connect(port)
            try Self.write(socket, Data(head.utf8) + sent)
            usleep(200_000)
            close(socket)
        }
    }

    /// Opens a connection and sends the head and the first part of an upload, on the calling
    /// thread; the caller goes on with `write` and `readAll`, or hangs up with `close`.
    static func begin(_ port: Int, _ path: String, token: String, declared: Int, first: Data) throws -> Int32 {
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer \(token)\r\nContent-Length: \(declared)\r\n\r\n"
        let socket = try connect(port)
        try write(socket, Data(head.utf8) + first)
        return socket
    }

    /// Runs blocking work on a Dispatch thread, never on the cooperative threads async tests share.
    static func onDispatch<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    static func connect(_ port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(errno)") }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(socket); throw Failure(description: "connect to port \(port): \(errno)") }
        return socket
    }

    static func write(_ socket: Int32, _ data: Data) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.send(socket, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                guard written > 0 else { throw Failure(description: "send: \(errno)") }
                offset += written
            }
        }
    }

    static func readAll(_ socket: Int32) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { break }
            guard count > 0 else {
                if errno == EINTR { continue }
                if errno == ECONNRESET && !data.isEmpty { break }
                throw Failure(description: "recv: \(errno)")
            }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    static func parse(_ data: Data) throws -> Answer {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { throw Failure(description: "no response head in \(data.count) bytes") }
        let lines = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased(), default: ""] += (headers[line[..<colon].lowercased()] == nil ? "" : ", ")
                + line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[end.upperBound...])
        if headers["transfer-encoding"]?.contains("chunked") == true { body = dechunk(body) }
        return Answer(status: status, headers: headers, body: body)
    }

    static func dechunk(_ data: Data) -> Data {
        var out = Data()
        var index = data.startIndex
        while let lineEnd = data[index...].range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: data[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            guard start + size <= data.endIndex else { break }
            out.append(data[start..<start + size])
            index = start + size + 2
        }
        return out
    }
}
