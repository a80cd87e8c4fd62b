/*
** cli/csv.c: a strict CSV reader (csv.h).
**
** One pass over the bytes. Fields are unquoted into one buffer as they are
** read: a field's text plus its NUL is never longer than the bytes it came
** from plus the separator after it, so len + 1 bytes hold every field of the
** file (the last field may have no separator: that is the + 1).
*/
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "gapplan/file.h"
#include "gapplan/text.h"

/* Bytes read at a time from a file whose size is not known (a pipe). */

/* A record as it is read: where its field pointers start in the slots array. */
typedef struct pending_row {
    int line;
    size_t first, nfields;
} pending_row;

typedef struct parser {
    const char *p, *end;
    const char *line_start; /* for column numbers */
    int line;
    const char *file;
    gp_diag *diag;
    bool invalid, nomem;
    char *out; /* where the next field's bytes go */
    char **slots;
    size_t nslots, slot_cap;
    pending_row *rows;
    size_t nrows, row_cap;
} parser;

static int column_of(const parser *ps, const char *at) { return (int)(at - ps->line_start) + 1; }

static void problem(parser *ps, int line, int column, const char *message) {
    if (gp_diag_add(ps->diag, ps->file, line, column, NULL, "%s", message) != GP_OK)
        ps->nomem = true;
    ps->invalid = true;
}

static bool blank(char c) { return c == ' ' || c == '\t'; }
static bool line_end(char c) { return c == '\n' || c == '\r'; }

/* Step over a line break (CRLF, LF or CR) at ps->p and count the line. */
static void next_line(parser *ps) {
    if (*ps->p == '\r' && ps->p + 1 < ps->end && ps->p[1] == '\n')
        ps->p++;
    ps->p++;
    ps->line++;
    ps->line_start = ps->p;
}

/* Grow *array (of *cap items of `size` bytes) to hold one more than `count`; false when memory ran out. */
static bool reserve(void **array, size_t *cap, size_t count, size_t size) {
    if (count < *cap)
        return true;
    size_t grown = *cap ? 2 * *cap : 64;
    void *p = realloc(*array, grown * size);
    if (!p)
        return false;
    *array = p;
    *cap = grown;
    return true;
}

/*
** A quoted field, from its opening quote: the text up to the closing quote,
** "" read as one quote, line breaks kept. False when the quote is never
** closed: the rest of the file is inside it, so there is nothing more to read.
*/
static bool quoted_field(parser *ps) {
    int open_line = ps->line, open_column = column_of(ps, ps->p);
    ps->p++;
    while (ps->p < ps->end) {
        char c = *ps->p;
        if (c == '"') {
            if (ps->p + 1 < ps->end && ps->p[1] == '"') {
                *ps->out++ = '"';
                ps->p += 2;
                continue;
            }
            ps->p++;
            return true;
        }
        if (line_end(c)) {
            /* One '\n' for CRLF, LF or CR: the same cell saved on another system gives the same text. */
            next_line(ps);
            *ps->out++ = '\n';
            continue;
        }
        *ps->out++ = c;
        ps->p++;
    }
    problem(ps, open_line, open_column, "a quoted field is never closed: a quote is missing");
    return false;
}

/* An unquoted field: up to the next comma or line break, blanks at its end dropped. */
static void unquoted_field(parser *ps) {
    bool quote_reported = false;
    char *start = ps->out;
    while (ps->p < ps->end && *ps->p != ',' && !line_end(*ps->p)) {
        if (*ps->p == '"' && !quote_reported) {
            problem(ps, ps->line, column_of(ps, ps->p),
                    "a quote inside an unquoted field: quote the whole field and write the quote as \"\"");
            quote_reported = true;
        }
        *ps->out++ = *ps->p++;
    }
    while (ps->out > start && blank(ps->out[-1]))
        ps->out--;
}

/*
** One field at ps->p, stored as the next slot. False when reading must stop:
** an unclosed quote, or memory ran out.
*/
static bool field(parser *ps, size_t *nfields) {
    while (ps->p < ps->end && blank(*ps->p))
        ps->p++;
    char *start = ps->out;
    int line = ps->line, column = column_of(ps, ps->p);
    if (ps->p < ps->end && *ps->p == '"') {
        if (!quoted_field(ps))
            return false;
        while (ps->p < ps->end && blank(*ps->p))
            ps->p++;
        if (ps->p < ps->end && *ps->p != ',' && !line_end(*ps->p)) {
            problem(ps, ps->line, column_of(ps, ps->p),
                    "text after a closing quote: a quote inside a quoted field is written \"\"");
            while (ps->p < ps->end && *ps->p != ',' && !line_end(*ps->p))
                ps->p++;
        }
    } else {
        unquoted_field(ps);
    }
    size_t n = (size_t)(ps->out - start);
    *ps->out++ = '\0';
    if (memchr(start, '\0', n))
        problem(ps, line, column, "a NUL byte: this is not a text file");
    else if (!gp_utf8_valid(start, n))
        problem(ps, line, column, "text that is not UTF-8: save the table as \"CSV UTF-8\"");
    if (++*nfields == GP_CSV_MAX_FIELDS + 1) {
        char message[96];
        snprintf(message, sizeof message, "more than %d fields in one row", GP_CSV_MAX_FIELDS);
        problem(ps, line, column, message);
    }
    if (*nfields > GP_CSV_MAX_FIELDS)
        return true;
    if (!reserve((void **)&ps->slots, &ps->slot_cap, ps->nslots, sizeof *ps->slots)) {
        ps->nomem = true;
        return false;
    }
    ps->slots[ps->nslots++] = start;
    return true;
}

/* One record from ps->p (not at a blank line); false when reading must stop. */
static bool record(parser *ps) {
    pending_row row = {ps->line, ps->nslots, 0};
    for (;;) {
        if (!field(ps, &row.nfields))
            return false;
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end)
            next_line(ps);
        break;
    }
    if (row.nfields > GP_CSV_MAX_FIELDS)
        row.nfields = GP_CSV_MAX_FIELDS;
    if (!reserve((void **)&ps->rows, &ps->row_cap, ps->nrows, sizeof *ps->rows)) {
        ps->nomem = true;
        return false;
    }
    ps->rows[ps->nrows++] = row;
    return true;
}

void gp_csv_free(gp_csv *csv) {
    if (!csv)
        return;
    free(csv->rows);
    free(csv->slots);
    free(csv->text);
    memset(csv, 0, sizeof *csv);
}

gp_error gp_csv_parse(const char *data, size_t len, const char *file, gp_csv *csv, gp_diag *diag) {
    parser ps = {0};
    gp_error err = GP_OK;

    memset(csv, 0, sizeof *csv);
    ps.p = data;
    ps.end = data + len;
    /* The byte order mark Excel puts before a "CSV UTF-8" file is not part of the first name. */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        ps.p += 3;
    ps.line_start = ps.p;
    ps.line = 1;
    ps.file = file;
    ps.diag = diag;
    csv->text = ps.out = malloc(len + 1);
    if (!csv->text)
        ps.nomem = true;
    while (!ps.nomem && ps.p < ps.end) {
        if (line_end(*ps.p)) { /* a blank line */
            next_line(&ps);
            continue;
        }
        if (!record(&ps))
            break;
    }
    if (ps.nomem) {
        gp_diag_add(diag, file, 0, 0, NULL, "out of memory reading the table");
        err = GP_ERR_NOMEM;
    } else if (ps.invalid) {
        err = GP_ERR_INVALID;
    } else if (ps.nrows && !(csv->rows = calloc(ps.nrows, sizeof *csv->rows))) {
        gp_diag_add(diag, file, 0, 0, NULL, "out of memory reading the table");
        err = GP_ERR_NOMEM;
    }
    if (err != GP_OK) {
        free(ps.slots);
        free(ps.rows);
        gp_csv_free(csv);
        return err;
    }
    /* The slots array has stopped moving: the rows can point into it now. */
    for (size_t i = 0; i < ps.nrows; i++)
        csv->rows[i] = (gp_csv_row){ps.rows[i].line, ps.rows[i].nfields, ps.slots + ps.rows[i].first};
    csv->nrows = ps.nrows;
    csv->slots = ps.slots;
    free(ps.rows);
    return GP_OK;
}

/* ---- the file ------------------------------------------------------------------------------------- */

gp_error gp_csv_read_file(const char *path, gp_csv *csv, gp_diag *diag) {
    char *data = NULL;
    size_t len = 0;
    memset(csv, 0, sizeof *csv);
    gp_error err = gp_read_file_all(path, GP_CSV_MAX_BYTES, &data, &len, diag);
    if (err == GP_OK)
        err = gp_csv_parse(data, len, path, csv, diag);
    free(data);
    return err;
}
