#ifndef MCSTAT_CLIBZ_SHIM_H
#define MCSTAT_CLIBZ_SHIM_H
#include <zlib.h>

/// inflateInit2 for a raw deflate stream (as zip members hold), without the macro.
static inline int mcstat_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -MAX_WBITS);
}
#endif
