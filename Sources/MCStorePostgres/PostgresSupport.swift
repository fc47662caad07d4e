/// Whether this build has the PostgreSQL client (the `PostgreSQL` package trait).
package enum PostgresSupport {
    #if PostgreSQL
    package static let isCompiledIn = true
    #else
    package static let isCompiledIn = false
    #endif
}
