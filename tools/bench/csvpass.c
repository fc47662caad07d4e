/* The libcsv floor of `make bench`: one pass over a CSV file with libcsv, counting fields and
 * records, nothing else (64 KiB reads, the same parser options mcstat uses).
 * Build: gcc -O2 csvpass.c -lcsv -o csvpass; run: csvpass FILE */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static size_t fields, records;
static void on_field(void *data, size_t len, void *ctx) { (void)data; (void)len; (void)ctx; fields++; }
static void on_record(int c, void *ctx) { (void)c; (void)ctx; records++; }

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: csvpass FILE\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 3; }
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) return 4;
    static char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_record, NULL) != n) {
            fprintf(stderr, "csv error: %s\n", csv_strerror(csv_error(&p)));
            return 1;
        }
    }
    csv_fini(&p, on_field, on_record, NULL);
    csv_free(&p);
    fclose(f);
    printf("%zu records, %zu fields\n", records, fields);
    return 0;
}
