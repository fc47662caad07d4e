internal import CSQLiteSettings

/// SQLite's process-wide settings, made once, before the first connection opens.
enum SQLiteSettings {
    /// SQLite's result code of turning its memory statistics off (`CSQLiteSettings`): with them
    /// on, every allocation takes a global mutex. `SQLITE_MISUSE` when a connection was open first.
    static let memoryStatisticsOff: Int32 = mcstat_sqlite_memory_statistics_off()

    /// Makes the settings, the first time only; called before a store opens its connections.
    static func apply() {
        _ = memoryStatisticsOff
    }
}
