/// One row of `page_sessions`: a signed-in browser as every service on the store sees it. The
/// cookie's value is never stored, only its SHA-256; times are Unix milliseconds (wall clock).
package struct PageSessionRecord: Sendable, Equatable, Codable {
    package var idSHA256: String
    package var accountId: String
    package var expiresMs: Int64

    package init(idSHA256: String, accountId: String, expiresMs: Int64) {
        self.idSHA256 = idSHA256
        self.accountId = accountId
        self.expiresMs = expiresMs
    }
}

/// One row of `sign_in_failures`: the failed sign-ins counted under one key (the SHA-256 of an
/// address, or of an address with the account it named) since its window started.
package struct SignInFailureWindow: Sendable, Equatable, Codable {
    package var keySHA256: String
    /// Unix milliseconds.
    package var startMs: Int64
    package var failures: Int

    package init(keySHA256: String, startMs: Int64, failures: Int) {
        self.keySHA256 = keySHA256
        self.startMs = startMs
        self.failures = failures
    }
}
