import Glibc

/// The process's limit on open files.
package enum FileLimit {
    /// Raises the soft limit to the hard one (systemd's default soft limit is 1,024 whatever
    /// the hard limit) and returns the soft limit now in force.
    package static func raiseToHard() -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { return Int(clamping: raised.rlim_cur) }
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// The connection cap that leaves room under `limit` for the store, the audit log, the
    /// event loops and an upload's staging file per connection: a quarter of it, at most 4,096.
    package static func defaultMaxConnections(limit: Int) -> Int {
        max(1, min(4096, limit / 4))
    }
}
