#ifndef MCSTAT_CLIBXML2_SHIM_H
#define MCSTAT_CLIBXML2_SHIM_H
/* xmlversion.h first, then drop ICU: Debian's libxml2 headers would otherwise pull in the
   system ICU headers, which clash with the ICU inside Foundation on clean builds. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

/// Frees a string that libxml2 allocated (xmlFree is a function pointer variable).
static inline void mcstat_xml_free(void *ptr) { xmlFree(ptr); }
#endif
