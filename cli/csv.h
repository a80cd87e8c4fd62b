/*
** cli/csv.h: a strict reader of CSV tables (RFC 4180) for `gapplan import`.
**
** What it accepts: fields separated by commas; records ended by CRLF, LF or a
** lone CR (Excel for the Mac writes those); quoted fields, which may hold
** commas, line breaks (read as "\n", however the file ends its lines) and
** quotes written as ""; an optional UTF-8 byte order mark. Blanks (spaces,
** tabs) around a field, outside its quotes, are dropped; a record with no
** characters at all (a blank line) is skipped. Everything else
** (a quote inside an unquoted field, text after a closing quote, a quote never
** closed, a NUL byte, text that is not UTF-8) is an error with its line and
** column, and every such problem is reported, not just the first.
**
** Ownership: a gp_csv is the caller's; gp_csv_read_file() fills it and
** gp_csv_free() releases what it holds (it may be called on a zeroed gp_csv).
** The field strings belong to the gp_csv.
*/
#ifndef GP_CLI_CSV_H
#define GP_CLI_CSV_H

#include <stddef.h>

#include "gapplan/error.h"

/* The largest CSV file read: far above any workforce table, and it bounds every allocation. */
#define GP_CSV_MAX_BYTES (64u << 20)
/* Most fields in one record: a table wider than this is not a workforce table. */
#define GP_CSV_MAX_FIELDS 256

/* One record: its fields, and the line of the file it starts on (1-based). */
typedef struct gp_csv_row {
    int line;
    size_t nfields;
    char **fields; /* NUL-terminated, blanks around them dropped, quotes undone */
} gp_csv_row;

typedef struct gp_csv {
    gp_csv_row *rows;
    size_t nrows;
    char *text;    /* private: the fields' bytes */
    char **slots;  /* private: every row's field pointers, one array */
} gp_csv;

/*
** Parse `len` bytes of CSV; `file` names it in messages. On GP_OK *csv holds
** every non-blank record, the header first. GP_ERR_INVALID: every problem is
** in `diag` ("workforce.csv:7:12: a quote inside an unquoted field ...") and
** *csv is empty. GP_ERR_NOMEM: memory ran out (said in `diag`).
*/
gp_error gp_csv_parse(const char *data, size_t len, const char *file, gp_csv *csv, gp_diag *diag);

/* As gp_csv_parse, from the file `path`; GP_ERR_IO (in `diag`) when it cannot be read or is too large. */
gp_error gp_csv_read_file(const char *path, gp_csv *csv, gp_diag *diag);

/** Release what `csv` holds and zero it; a zeroed gp_csv is a no-op. */
void gp_csv_free(gp_csv *csv);

#endif
