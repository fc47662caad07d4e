#ifndef MCSTAT_CLIBCSV_SHIM_H
#define MCSTAT_CLIBCSV_SHIM_H
#include <stdlib.h>
#include <csv.h>

/// Largest buffer libcsv may grow to for one field (64 MiB). A larger field (an unterminated
/// quote swallowing the rest of a huge file, say) makes csv_parse stop with CSV_ENOMEM instead
/// of exhausting memory.
#define MCSTAT_CSV_MAX_FIELD_BUFFER ((size_t)64 * 1024 * 1024)

static inline void *mcstat_csv_bounded_realloc(void *ptr, size_t size) {
    if (size > MCSTAT_CSV_MAX_FIELD_BUFFER) return NULL;
    return realloc(ptr, size);
}

/// True when the parser is between rows (no field of a row has begun).
static inline int mcstat_csv_between_rows(const struct csv_parser *p) {
    return p->pstate == 0;
}

/// True when the parser is inside a quoted field whose closing quote has not been seen
/// (libcsv's FIELD_BEGUN state, 2, with the quoted flag set).
static inline int mcstat_csv_inside_open_quote(const struct csv_parser *p) {
    return p->pstate == 2 && p->quoted != 0;
}
#endif
