public import ArgumentParser  // the retroactive conformance below is public
import Foundation
public import Logging
internal import MCPipeline

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension OperatorLogHandler.Format: ExpressibleByArgument {}

/// `--log-level` and `--log-format`, on every command.
struct LogOptions: ParsableArguments {
    @Option(name: .customLong("log-level"),
            help: ArgumentHelp("Least severe log events written to stderr: trace, debug, info, notice, warning, error or critical.",
                               valueName: "level"))
    var logLevel: Logger.Level = .notice

    @Option(name: .customLong("log-format"),
            help: ArgumentHelp("text (for people) or json (one object per line: time, level, message, run_id, file, counts, outcome).",
                               valueName: "format"))
    var logFormat: OperatorLogHandler.Format = .text

    /// The command's logger, writing to stderr in the chosen format and level. Made here, at
    /// the edge, and passed down: no process-wide logging setting.
    func logger(command: String) -> Logger {
        let level = logLevel, format = logFormat
        var logger = Logger(label: "mcstat") { _ in OperatorLogHandler(format: format, logLevel: level) }
        logger[metadataKey: "command"] = .string(command)
        return logger
    }
}

/// A command that logs: ``MCStat/main()`` writes its failure as a log event in its format.
protocol LoggingCommand: ParsableCommand {
    var log: LogOptions { get }
}
