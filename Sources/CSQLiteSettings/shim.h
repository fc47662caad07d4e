#ifndef MCSTAT_CSQLITESETTINGS_SHIM_H
#define MCSTAT_CSQLITESETTINGS_SHIM_H
#include <sqlite3.h>

/// Turns off SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS) for the process: with them on,
/// every allocation SQLite makes takes a global mutex to count itself, about 2 % of a large
/// import's CPU. mcstat reads none of them (sqlite3_memory_used, the soft heap limit). Takes
/// effect only before SQLite is initialized (the first connection); returns SQLite's result code
/// (SQLITE_MISUSE when it was too late, which changes nothing). sqlite3_config is variadic, which
/// Swift cannot call, hence this shim.
static inline int mcstat_sqlite_memory_statistics_off(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
