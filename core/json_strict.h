/*
** core/json_strict.h (private): strict JSON parsing for plan files.
**
** cJSON is lenient where a finance tool must not be: it accepts trailing data,
** duplicate keys, NUL bytes, "\u0000", invalid UTF-8, and turns 1e400 into
** infinity. gp_json_parse_strict() first checks the text against RFC 8259 and
** these rules in one pass, reporting every problem it can with line, column
** and JSON path, and only then lets cJSON build the tree.
*/
#ifndef GP_JSON_STRICT_H
#define GP_JSON_STRICT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "gapplan/error.h"

/* Deeper nesting than this is refused (a plan needs 6 levels; 10,000 must not crash). */
#define GP_JSON_MAX_DEPTH 64
/* Larger plan files are refused before parsing (the 1,000-unit benchmark plan is ~40 MB). */
#define GP_JSON_MAX_BYTES (512u * 1024u * 1024u)

/*
** Parse `len` bytes of `data` (need not be NUL-terminated) named `file` in
** messages. Rejects, each with a diag naming file:line:column and, where it
** is known, the JSON path ("units[0].groups[1].leaver_rate"):
**   - an empty file or one holding only whitespace;
**   - UTF-16 or UTF-32 text (by BOM or NUL pattern): "save it as UTF-8";
**   - invalid UTF-8, NUL bytes, "\u0000", unpaired surrogate escapes;
**   - syntax errors of any kind, with what was expected;
**   - nesting deeper than GP_JSON_MAX_DEPTH;
**   - numbers that overflow a double (1e400), and non-JSON literals (NaN, Infinity);
**   - duplicate keys in one object (naming both, with the line of the first);
**   - trailing data after the document.
** A UTF-8 byte-order mark is skipped. On success *out is the cJSON tree, owned
** by the caller (cJSON_Delete). On failure *out is NULL and the error is
** GP_ERR_INVALID (or GP_ERR_NOMEM).
*/
gp_error gp_json_parse_strict(const char *data, size_t len, const char *file, cJSON **out,
                              gp_diag *diag);

#endif
