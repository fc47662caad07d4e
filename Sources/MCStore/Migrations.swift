internal import GRDB

/// The store's schema as named, append-only migrations. Never edit a migration that has shipped:
/// append a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-imports-credentials-quarantine") { db in
            try db.execute(sql: """
                CREATE TABLE imports (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL,
                    sha256 TEXT NOT NULL UNIQUE,
                    format TEXT NOT NULL,
                    read INTEGER NOT NULL,
                    accepted INTEGER NOT NULL,
                    rejected INTEGER NOT NULL,
                    warnings INTEGER NOT NULL,
                    imported_at TEXT NOT NULL,
                    run_id INTEGER
                );
                CREATE TABLE credentials (
                    awarding_body_id TEXT NOT NULL,
                    credential_id TEXT NOT NULL,
                    learner_key TEXT NOT NULL,
                    title TEXT NOT NULL,
                    issuer_country TEXT NOT NULL,
                    issuer_region TEXT,
                    awarding_body_name TEXT,
                    issue_date TEXT NOT NULL,
                    learning_outcomes TEXT NOT NULL,
                    ects TEXT,
                    workload_hours INTEGER,
                    eqf_level INTEGER,
                    qf_ehea_cycle TEXT,
                    assessment_type TEXT NOT NULL,
                    assessment_kind TEXT NOT NULL,
                    participation_form TEXT NOT NULL,
                    quality_assurance TEXT NOT NULL,
                    prerequisites TEXT,
                    supervision TEXT,
                    grade TEXT,
                    stackability TEXT,
                    stackable_towards TEXT,
                    further_info TEXT,
                    learner_birth_year INTEGER,
                    learner_gender TEXT,
                    learner_citizenship TEXT,
                    isced_f TEXT,
                    language TEXT,
                    status TEXT NOT NULL,
                    import_id INTEGER NOT NULL REFERENCES imports(id),
                    record INTEGER NOT NULL,
                    line INTEGER,
                    PRIMARY KEY (awarding_body_id, credential_id)
                );
                CREATE TABLE quarantine (
                    id INTEGER PRIMARY KEY,
                    import_id INTEGER NOT NULL REFERENCES imports(id),
                    file TEXT NOT NULL,
                    record INTEGER NOT NULL,
                    line INTEGER,
                    pointer TEXT,
                    awarding_body_id TEXT,
                    reason_code TEXT NOT NULL,
                    field TEXT,
                    element TEXT,
                    message TEXT NOT NULL,
                    raw TEXT NOT NULL
                );
                CREATE INDEX quarantine_by_import ON quarantine(import_id);
                """)
        }
        migrator.registerMigration("v2-runs") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY,
                    pipeline TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    outcome TEXT NOT NULL,
                    summary TEXT
                );
                """)
        }
        migrator.registerMigration("v3-settings") { db in
            try db.execute(sql: """
                CREATE TABLE settings (
                    name TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v4-credential-versions") { db in
            // Every version of a record: its key, the hash of its normalized content, and the
            // import that brought it. Records stored before this migration become their first
            // version, with an unknown hash ('').
            try db.execute(sql: """
                CREATE TABLE credential_versions (
                    id INTEGER PRIMARY KEY,
                    awarding_body_id TEXT NOT NULL,
                    credential_id TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    import_id INTEGER NOT NULL REFERENCES imports(id),
                    record INTEGER NOT NULL,
                    line INTEGER
                );
                CREATE INDEX credential_versions_by_key ON credential_versions(awarding_body_id, credential_id, content_hash);
                INSERT INTO credential_versions (awarding_body_id, credential_id, content_hash, import_id, record, line)
                    SELECT awarding_body_id, credential_id, '', import_id, record, line FROM credentials
                    ORDER BY import_id, record;
                ALTER TABLE credentials ADD COLUMN content_hash TEXT;
                ALTER TABLE credentials ADD COLUMN defaulted TEXT;
                ALTER TABLE imports ADD COLUMN stale INTEGER NOT NULL DEFAULT 0;
                """)
        }
        migrator.registerMigration("v5-accounts-submissions") { db in
            // The web service (mcstat serve): accounts hold only the SHA-256 of their token;
            // submissions are the receipts of uploads landed in the inbox.
            try db.execute(sql: """
                CREATE TABLE accounts (
                    id TEXT PRIMARY KEY,
                    role TEXT NOT NULL,
                    awarding_bodies TEXT NOT NULL,
                    label TEXT,
                    token_sha256 TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL,
                    revoked_at TEXT
                );
                CREATE TABLE submissions (
                    id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES accounts(id),
                    awarding_body_id TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    file TEXT NOT NULL,
                    bytes INTEGER NOT NULL,
                    receipt TEXT NOT NULL,
                    UNIQUE (awarding_body_id, sha256)
                );
                CREATE INDEX submissions_by_body ON submissions(awarding_body_id, received_at);
                """)
        }
        migrator.registerMigration("v6-submission-summaries-retention") { db in
            // The receipt without its validation report, so that lists read no receipt body;
            // when the raw upload was deleted after the retention period (receipt and SHA-256 stay).
            try db.execute(sql: """
                ALTER TABLE submissions ADD COLUMN summary TEXT;
                ALTER TABLE submissions ADD COLUMN raw_deleted_at TEXT;
                """)
        }
        migrator.registerMigration("v7-record-keys") { db in
            // The cell key method's record keys (64-bit, stored as their bit pattern), made at
            // ingest from the key file. Records stored before this migration have none until the
            // next ingest or run, which has the key file and gives them theirs.
            try db.execute(sql: """
                ALTER TABLE credentials ADD COLUMN record_key INTEGER;
                ALTER TABLE credentials ADD COLUMN learner_record_key INTEGER;
                """)
        }
        migrator.registerMigration("v8-credentials-without-record-keys") { db in
            // Every writer looks for credentials without record keys when it opens the store: a
            // partial index finds them without reading the table (it is empty once all have keys).
            try db.execute(sql: """
                CREATE INDEX credentials_without_record_keys ON credentials(record_key)
                    WHERE record_key IS NULL OR learner_record_key IS NULL;
                """)
        }
        migrator.registerMigration("v9-release-hold") { db in
            // What each report folder (by --out path) last published, per (country, year) group:
            // the rows of every report and the record versions behind them, so that a group is
            // republished unchanged until enough of its records changed (reports.md, "Across
            // releases"). One row per release, with the groups it released and held.
            try db.execute(sql: """
                CREATE TABLE releases (
                    id INTEGER PRIMARY KEY,
                    out_name TEXT NOT NULL,
                    released_at TEXT NOT NULL,
                    run_id INTEGER,
                    hold INTEGER NOT NULL,
                    layout TEXT NOT NULL,
                    released TEXT NOT NULL,
                    held TEXT NOT NULL
                );
                CREATE INDEX releases_by_run ON releases(run_id);
                CREATE TABLE release_groups (
                    out_name TEXT NOT NULL,
                    country TEXT NOT NULL,
                    year TEXT NOT NULL,
                    release_id INTEGER NOT NULL REFERENCES releases(id),
                    layout TEXT NOT NULL,
                    rows BLOB NOT NULL,
                    versions BLOB NOT NULL,
                    PRIMARY KEY (out_name, country, year)
                );
                """)
        }
        migrator.registerMigration("v10-import-bindings-reject-bytes") { db in
            // A file is skipped as imported only under the same binding (the awarding bodies its
            // source binds, '' for none): the same bytes in another body's folder are read again
            // under that body. Imports made before have an unknown binding (NULL) and still
            // count as imported under any. A record that could not be read apart keeps the byte
            // range and SHA-256 of its bytes in the quarantine.
            try db.execute(sql: """
                CREATE TABLE imports_bound (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    binding TEXT,
                    format TEXT NOT NULL,
                    read INTEGER NOT NULL,
                    accepted INTEGER NOT NULL,
                    rejected INTEGER NOT NULL,
                    warnings INTEGER NOT NULL,
                    imported_at TEXT NOT NULL,
                    run_id INTEGER,
                    stale INTEGER NOT NULL DEFAULT 0
                );
                INSERT INTO imports_bound (id, path, sha256, binding, format, read, accepted, rejected, warnings, imported_at, run_id, stale)
                    SELECT id, path, sha256, NULL, format, read, accepted, rejected, warnings, imported_at, run_id, stale FROM imports;
                DROP TABLE imports;
                ALTER TABLE imports_bound RENAME TO imports;
                CREATE UNIQUE INDEX imports_by_content ON imports(sha256, binding);
                ALTER TABLE quarantine ADD COLUMN byte_start INTEGER;
                ALTER TABLE quarantine ADD COLUMN byte_end INTEGER;
                ALTER TABLE quarantine ADD COLUMN bytes_sha256 TEXT;
                """)
        }
        migrator.registerMigration("v11-sign-in-state") { db in
            // What a second `serve` on the same store needs to know of a browser: its page
            // sessions, the sign-in forms' nonces and the failed sign-ins per key. Cookie values,
            // nonces and keys only as their SHA-256; times in Unix milliseconds; expired rows are
            // dropped by the writes that add new ones.
            try db.execute(sql: """
                CREATE TABLE page_sessions (
                    seq INTEGER PRIMARY KEY,
                    id_sha256 TEXT NOT NULL UNIQUE,
                    account_id TEXT NOT NULL REFERENCES accounts(id),
                    expires_ms INTEGER NOT NULL
                );
                CREATE INDEX page_sessions_by_account ON page_sessions(account_id, expires_ms);
                CREATE INDEX page_sessions_by_expiry ON page_sessions(expires_ms);
                CREATE TABLE sign_in_nonces (
                    seq INTEGER PRIMARY KEY,
                    nonce_sha256 TEXT NOT NULL UNIQUE,
                    expires_ms INTEGER NOT NULL
                );
                CREATE INDEX sign_in_nonces_by_expiry ON sign_in_nonces(expires_ms);
                CREATE TABLE sign_in_failures (
                    key_sha256 TEXT PRIMARY KEY,
                    window_start_ms INTEGER NOT NULL,
                    failures INTEGER NOT NULL
                );
                CREATE INDEX sign_in_failures_by_start ON sign_in_failures(window_start_ms);
                """)
        }
        migrator.registerMigration("v12-submission-inbox") { db in
            // The inbox each upload landed in (the id the service keeps in the inbox, shared by
            // every service on a shared inbox): with one inbox per service, only the service
            // holding an upload deletes it after the retention. NULL: landed before, inbox unknown.
            try db.execute(sql: "ALTER TABLE submissions ADD COLUMN inbox TEXT")
        }
        migrator.registerMigration("v13-import-id-unchecked-on-postgresql") { _ in
            // Nothing changes here. PostgreSQL drops the foreign keys from credentials and
            // credential_versions to imports: its triggers checked them row by row, 40% of a large
            // import's server time, for an id the import has just made in its own transaction
            // (no import is ever deleted). SQLite checks one with an index lookup; they stay.
        }
        return migrator
    }
}
