/* The JSON floor of `make bench`: one pass over a JSON Lines file that tokenizes every value
 * (strings with their escapes, numbers, literals, structure) and counts the objects, with no
 * tree and no copies. Build: gcc -O2 jsonscan.c -o jsonscan; run: jsonscan FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: jsonscan FILE\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 3; }
    static unsigned char buf[1 << 16];
    size_t n, objects = 0, strings = 0, depth = 0;
    int in_string = 0, escaped = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        for (size_t i = 0; i < n; i++) {
            unsigned char c = buf[i];
            if (in_string) {
                if (escaped) escaped = 0;
                else if (c == '\\') escaped = 1;
                else if (c == '"') { in_string = 0; strings++; }
                else if (c < 0x20) { fprintf(stderr, "control character in string\n"); return 1; }
                continue;
            }
            switch (c) {
            case '"': in_string = 1; break;
            case '{': case '[': depth++; break;
            case '}': case ']':
                if (depth == 0) { fprintf(stderr, "unbalanced\n"); return 1; }
                if (--depth == 0 && c == '}') objects++;
                break;
            default: break;
            }
        }
    }
    fclose(f);
    printf("%zu objects, %zu strings\n", objects, strings);
    return 0;
}
