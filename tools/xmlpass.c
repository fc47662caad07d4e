/* A bare xmlTextReader pass over a file, with the options mcstat uses: the baseline beside
   which `mcstat validate` on ELM v2 XML is measured (tools/bench.sh). Counts elements. */
#include <stdio.h>
#include <libxml/xmlreader.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: xmlpass FILE\n"); return 2; }
    xmlTextReaderPtr reader = xmlReaderForFile(argv[1], NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
    if (!reader) return 3;
    long elements = 0;
    int status;
    while ((status = xmlTextReaderRead(reader)) == 1) {
        if (xmlTextReaderNodeType(reader) == 1) elements++;
    }
    xmlFreeTextReader(reader);
    printf("%ld elements\n", elements);
    return status == 0 ? 0 : 1;
}
