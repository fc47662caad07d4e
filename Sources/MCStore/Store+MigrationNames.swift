extension Store {
    /// The names of the store's migrations, in order: every other kind of store has the same
    /// list (checked by a test), so that a migration is added once per kind under one name.
    package static var migrationNames: [String] { Migrations.migrator.migrations }
}
