import Foundation

/// Runs a program to completion and collects what it printed.
public enum ProcessRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `program` with `arguments`, in `directory` when given, with extra `environment`.
    public static func run(_ program: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Programs run here write little to stderr, so reading it after stdout cannot block.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs `program` and returns its standard output; throws when it exits with a failure.
    public static func output(_ program: String, _ arguments: [String]) throws -> String {
        let result = try run(program, arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(program) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }
}

