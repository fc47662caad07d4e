import MCStorePostgres
import Testing

@Suite struct PostgresLocationTests {
    private func parse(_ url: String, _ environment: [String: String] = [:]) throws -> PostgresLocation {
        try PostgresLocation(url: url, environment: environment, currentUser: "osuser")
    }

    private func refusal(_ url: String, _ environment: [String: String] = [:]) -> PostgresStoreError? {
        do { _ = try parse(url, environment); return nil } catch let error as PostgresStoreError { return error } catch { return nil }
    }

    @Test func fullURL() throws {
        let location = try parse("postgresql://stats@db.example.org:6543/mcstat?sslmode=verify-full&application_name=nightly")
        #expect(location.user == "stats")
        #expect(location.host == "db.example.org")
        #expect(location.port == 6543)
        #expect(location.database == "mcstat")
        #expect(location.sslMode == .verifyFull)
        #expect(location.applicationName == "nightly")
        #expect(location.display == "postgresql://stats@db.example.org:6543/mcstat")
    }

    @Test func libpqDefaults() throws {
        // No user: the program's user; no database: the user's name; port 5432; sslmode prefer;
        // no host: the default Unix socket folder.
        let bare = try parse("postgres://")
        #expect(bare.user == "osuser")
        #expect(bare.database == "osuser")
        #expect(bare.port == 5432)
        #expect(bare.sslMode == .prefer)
        #expect(bare.host == PostgresLocation.defaultSocketFolder)
        #expect(bare.isUnixSocket)
        let named = try parse("postgresql://ann@localhost")
        #expect(named.database == "ann")
        #expect(named.port == 5432)
        #expect(!named.isUnixSocket)
    }

    @Test func environmentFillsWhatTheURLLeavesOut() throws {
        let environment = ["PGHOST": "envhost", "PGPORT": "7000", "PGUSER": "envuser", "PGDATABASE": "envdb",
                           "PGSSLMODE": "require", "PGAPPNAME": "envapp"]
        let filled = try parse("postgresql://", environment)
        #expect(filled.host == "envhost" && filled.port == 7000 && filled.user == "envuser" && filled.database == "envdb")
        #expect(filled.sslMode == .require && filled.applicationName == "envapp")
        let given = try parse("postgresql://u@h:1/d?sslmode=disable", environment)
        #expect(given.host == "h" && given.port == 1 && given.user == "u" && given.database == "d" && given.sslMode == .disable)
    }

    @Test func percentDecodingAndSocketFolders() throws {
        let location = try parse("postgresql://st%40ts@%2Fvar%2Frun%2Fpostgresql:5433/my%20db")
        #expect(location.user == "st@ts")
        #expect(location.host == "/var/run/postgresql")
        #expect(location.isUnixSocket)
        #expect(location.port == 5433)
        #expect(location.database == "my db")
        let parameter = try parse("postgresql:///db?host=/tmp/sockets&user=a+b")
        #expect(parameter.host == "/tmp/sockets")
        #expect(parameter.user == "a+b")  // libpq: '+' is not a space
        #expect(refusal("postgresql://u@h/d%zz") != nil)
        #expect(refusal("postgresql://u@h/d%00") != nil)
    }

    @Test func ipv6Hosts() throws {
        let location = try parse("postgresql://u@[::1]:5999/d")
        #expect(location.host == "::1")
        #expect(location.port == 5999)
        #expect(location.display == "postgresql://u@[::1]:5999/d")
        #expect(try parse("postgresql://u@[2001:db8::7]/d").host == "2001:db8::7")
    }

    @Test(arguments: PostgresSSLMode.allCases)
    func everySSLMode(_ mode: PostgresSSLMode) throws {
        #expect(try parse("postgresql://u@h/d?sslmode=\(mode.rawValue)").sslMode == mode)
    }

    @Test func sslModeMeanings() {
        #expect(!PostgresSSLMode.disable.requiresEncryption)
        #expect(!PostgresSSLMode.allow.requiresEncryption)
        #expect(!PostgresSSLMode.prefer.requiresEncryption)
        #expect(PostgresSSLMode.require.requiresEncryption)
        #expect(PostgresSSLMode.verifyCA.requiresEncryption)
        #expect(PostgresSSLMode.verifyFull.requiresEncryption)
    }

    @Test func passwordsAreRefusedUnechoed() {
        for url in ["postgresql://u:s3cr3t-value@h/d", "postgresql://u:@h/d", "postgresql://u@h/d?password=s3cr3t-value"] {
            let error = refusal(url)
            #expect(error == .passwordInURL, "\(url)")
            #expect(error.map { !"\($0)".contains("s3cr3t") } == true)
            #expect(error?.exitCode == 2)
        }
    }

    @Test func unknownOrBrokenParametersAreRefusedByName() {
        let unknown = refusal("postgresql://u@h/d?target_session_attrs=any")
        #expect(unknown.map { "\($0)".contains("unknown parameter 'target_session_attrs'") } == true)
        #expect(unknown.map { "\($0)".contains("sslmode") } == true)  // lists the known ones
        #expect(refusal("postgresql://u@h/d?sslmode=maybe").map { "\($0)".contains("sslmode 'maybe'") } == true)
        #expect(refusal("postgresql://u@h/d?sslmode").map { "\($0)".contains("has no value") } == true)
        #expect(refusal("postgresql://u@h:99999/d").map { "\($0)".contains("port") } == true)
        #expect(refusal("postgresql://u@h:abc/d") != nil)
        #expect(refusal("postgresql://u@h1,h2/d").map { "\($0)".contains("several hosts") } == true)
        #expect(refusal("mysql://u@h/d") != nil)
        #expect(refusal("postgresql://u@h/d?connect_timeout=soon") != nil)
    }

    @Test func connectTimeoutAsLibpq() throws {
        #expect(try parse("postgresql://u@h/d?connect_timeout=1").connectTimeout == 2)
        #expect(try parse("postgresql://u@h/d?connect_timeout=0").connectTimeout == nil)
        #expect(try parse("postgresql://u@h/d?connect_timeout=30").connectTimeout == 30)
    }

    @Test func recognisesStoreURLs() {
        #expect(PostgresLocation.isURL("postgresql://u@h/d"))
        #expect(PostgresLocation.isURL("POSTGRES://h"))
        #expect(!PostgresLocation.isURL("mcstat.sqlite"))
        #expect(!PostgresLocation.isURL("./postgresql/store.sqlite"))
    }
}
