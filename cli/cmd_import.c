/*
** cli/cmd_import.c: `gapplan import WORKFORCE.csv -o PLAN.json [--start
** YYYY-MM] [--months N] [--name TEXT]`: turn a workforce table, one row a
** staff group of a unit, into a plan file that `gapplan check` accepts.
**
** Every problem in the table is reported with its line and column, not just
** the first, and then nothing is written. The plan's text is built here, then
** loaded and validated by the real loader before it is written, so what
** import writes is always a plan the other commands read; a problem the
** loader still finds is mapped back to the table's line and column.
*/
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "csv.h"
#include "exit_codes.h"
#include "gapplan/plan.h"
#include "gapplan/text.h"

/* The horizon when --start and --months are not given: five years from April 2022, as the examples. */
#define DEFAULT_START "2022-04"
#define DEFAULT_MONTHS 60
/* Columns that are not group fields: the ids and names that place a row. */
#define ID_COLUMNS 4
/* Known columns: the ids and names, and the group fields (the loader tracks at most 32 of them). */
#define KNOWN_MAX (ID_COLUMNS + 32)
/* Bytes of a cell shown in a message; a longer one is cut with "...". */
#define SHOWN_MAX 40
/* Room for why a cell is wrong: a cell shown, and a hint. */
#define WHY_SIZE 256

enum { COL_UNIT, COL_GROUP, COL_UNIT_NAME, COL_GROUP_NAME };
static const char *const id_columns[ID_COLUMNS] = {"unit", "group", "unit_name", "group_name"};

/* ---- the table as read -------------------------------------------------------------------------- */

/* A unit: its rows (indexes into the csv's rows) in the order the table gives them. */
typedef struct unit_rows {
    const char *id, *name;
    int name_line;       /* where the name was given, for a conflicting one */
    size_t first, count; /* a slice of importer.order */
} unit_rows;

typedef struct importer {
    const char *file;
    const gp_csv *csv;
    gp_diag *diag;
    bool nomem;
    /* The known columns: names, the group field of each (NULL for the id columns), where each is in the header. */
    const char *names[KNOWN_MAX];
    const gp_field *fields[KNOWN_MAX];
    int at[KNOWN_MAX]; /* header position, or -1 when the table has no such column */
    size_t nknown;
    size_t nfields_header;
    /* Data rows that name a valid unit and group: each row's unit (SIZE_MAX for other rows). */
    size_t *unit_of;
    unit_rows *units;
    size_t nunits;
    size_t *order; /* the rows of units[0], then of units[1], ... */
} importer;

static void problem(importer *im, int line, const char *column, const char *fmt, ...) GP_PRINTF(4, 5);

/* Report a problem at a line of the table, in a column when `column` is not NULL. */
static void problem(importer *im, int line, const char *column, const char *fmt, ...) {
    char path[96];
    va_list ap;
    if (column)
        snprintf(path, sizeof path, "column %s", column);
    va_start(ap, fmt);
    if (gp_diag_addv(im->diag, im->file, line, 0, column ? path : NULL, fmt, ap) != GP_OK)
        im->nomem = true;
    va_end(ap);
}

/* A cell as it is quoted in a message: at most SHOWN_MAX bytes, cut at a character, control bytes as '?'. */
static void shown(const char *text, char *out, size_t size) {
    size_t n = strlen(text), keep = n;
    if (keep > SHOWN_MAX) {
        keep = SHOWN_MAX;
        while (keep > 0 && ((unsigned char)text[keep] & 0xC0) == 0x80) /* not inside a UTF-8 character */
            keep--;
    }
    size_t i;
    for (i = 0; i < keep && i + 4 < size; i++)
        out[i] = (unsigned char)text[i] < 0x20 ? '?' : text[i];
    out[i] = '\0';
    if (keep < n && i + 4 <= size)
        strcpy(out + i, "...");
}

static const char *cell(const importer *im, const gp_csv_row *row, size_t known) {
    return im->at[known] < 0 ? "" : row->fields[im->at[known]];
}

/* ---- values --------------------------------------------------------------------------------------- */

/*
** The shortest text that reads back as x, which JSON accepts (x is finite);
** a whole number in full, as a person writes 3200 rather than 3.2e+03.
*/
static void number_text(double x, char *buf, size_t size) {
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(buf, size, "%.0f", x);
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

/* "yes" and "no", as a spreadsheet user writes them, or as JSON does; -1 when neither. */
static int boolean_value(const char *text) {
    static const char *const yes[] = {"true", "yes", "y", "1"}, *const no[] = {"false", "no", "n", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcasecmp(text, yes[i]) == 0)
            return 1;
        if (strcasecmp(text, no[i]) == 0)
            return 0;
    }
    return -1;
}

/*
** A non-empty cell of group field f as a number (a boolean as 0 or 1), or false
** with why it is not one in `why`. strtod alone would take hex, "inf" and "nan",
** none of which a workforce table means.
*/
static bool field_value(const gp_field *f, const char *text, double *out, char *why, size_t size) {
    char got[SHOWN_MAX + 8];
    shown(text, got, sizeof got);
    if (f->kind == GP_FIELD_BOOLEAN) {
        int b = boolean_value(text);
        if (b < 0) {
            snprintf(why, size, "\"%s\" is not true or false (yes or no, 1 or 0 also do)", got);
            return false;
        }
        *out = b;
        return true;
    }
    char *end;
    /* Not hex, "inf" or "nan", nor a line break strtod would skip before a quoted number. */
    double x = strpbrk(text, "xXnNiI") || (unsigned char)text[0] <= ' ' ? NAN : strtod(text, &end);
    if (isnan(x) || *end != '\0') {
        char hint[SHOWN_MAX + 96] = "", fraction[32];
        size_t n = strlen(text);
        double percent = n > 1 && text[n - 1] == '%' && (unsigned char)text[0] > ' ' ? strtod(text, &end) : NAN;
        if (isfinite(percent) && end == text + n - 1) {
            number_text(percent / 100, fraction, sizeof fraction);
            snprintf(hint, sizeof hint, ": write a rate as a fraction, %s for %s", fraction, got);
        } else if (strchr(text, ',')) {
            snprintf(hint, sizeof hint, ": write it without thousands separators");
        }
        snprintf(why, size, "\"%s\" is not a number%s", got, hint);
        return false;
    }
    if (!isfinite(x)) {
        snprintf(why, size, "\"%s\" is too large", got);
        return false;
    }
    if (f->kind == GP_FIELD_INTEGER && x != floor(x)) {
        snprintf(why, size, "must be a whole number, got %s", got);
        return false;
    }
    if (x < f->min || x > f->max) {
        char lo[32], hi[32];
        number_text(f->min, lo, sizeof lo);
        number_text(f->max, hi, sizeof hi);
        if (isfinite(f->max))
            snprintf(why, size, "must be within [%s, %s], got %s", lo, hi, got);
        else
            snprintf(why, size, "must be >= %s, got %s", lo, got);
        return false;
    }
    *out = x;
    return true;
}

/* ---- the header ------------------------------------------------------------------------------------ */

static void list_known(const importer *im, char *out, size_t size) {
    out[0] = '\0';
    for (size_t k = 0; k < im->nknown; k++) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s", k ? ", " : "", im->names[k]);
    }
}

/* "column leaver_rat: unknown column; did you mean leaver_rate?", or the known columns when nothing is near. */
static void unknown_column(importer *im, int line, const char *name) {
    char got[SHOWN_MAX + 8], all[1024];
    const char *near = gp_nearest_name(name, im->names, im->nknown);
    shown(name, got, sizeof got);
    if (near) {
        problem(im, line, got, "unknown column; did you mean %s?", near);
        return;
    }
    list_known(im, all, sizeof all);
    problem(im, line, got, "unknown column; the columns are %s", all);
}

/*
** Map the header's names (any case) to the known columns. Every column must
** be known (a typo would drop a whole column of a board paper's figures), and
** each known one appear once; the ids and the fields the loader needs must be there.
*/
static void read_header(importer *im) {
    const gp_csv_row *header = &im->csv->rows[0];
    char lower[64];

    for (size_t k = 0; k < ID_COLUMNS; k++)
        im->names[im->nknown++] = id_columns[k];
    for (size_t i = 0; i < gp_group_fields.count && im->nknown < KNOWN_MAX; i++) {
        im->fields[im->nknown] = &gp_group_fields.fields[i];
        im->names[im->nknown++] = gp_group_fields.fields[i].name;
    }
    for (size_t k = 0; k < im->nknown; k++)
        im->at[k] = -1;
    im->nfields_header = header->nfields;

    for (size_t c = 0; c < header->nfields; c++) {
        const char *name = header->fields[c];
        size_t n = strlen(name), k;
        if (n == 0) {
            problem(im, header->line, NULL, "column %zu has no name", c + 1);
            continue;
        }
        for (size_t i = 0; i <= n && i < sizeof lower; i++)
            lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
        for (k = 0; k < im->nknown; k++)
            if (n < sizeof lower && strcmp(lower, im->names[k]) == 0)
                break;
        if (k == im->nknown)
            unknown_column(im, header->line, name);
        else if (im->at[k] >= 0)
            problem(im, header->line, im->names[k], "given twice, as columns %d and %zu", im->at[k] + 1, c + 1);
        else
            im->at[k] = (int)c;
    }
    for (size_t k = 0; k < im->nknown; k++) {
        if (im->at[k] >= 0 || (k >= ID_COLUMNS && !im->fields[k]->required))
            continue;
        if (k < ID_COLUMNS && k != COL_UNIT && k != COL_GROUP)
            continue;
        if (k < ID_COLUMNS)
            problem(im, header->line, NULL, "missing column %s: every row needs its %s id", im->names[k],
                    im->names[k]);
        else
            problem(im, header->line, NULL, "missing column %s: a plan needs every group's %s (%s)", im->names[k],
                    im->names[k], im->fields[k]->doc);
    }
}

/* ---- the rows -------------------------------------------------------------------------------------- */

/*
** A map from one or two ids to a number, for units by id and groups by unit
** and id: open addressing over a power of two at least twice the rows, so a
** table of any length is read in linear time.
*/
typedef struct id_entry {
    const char *a, *b;
    size_t value;
} id_entry;

typedef struct id_map {
    id_entry *slots;
    size_t mask;
} id_map;

static bool map_init(id_map *m, size_t n) {
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    m->slots = calloc(cap, sizeof *m->slots);
    m->mask = cap - 1;
    return m->slots != NULL;
}

static size_t hash_ids(const char *a, const char *b) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const char *p = a; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    h = (h ^ 0xFF) * 1099511628211ULL; /* a byte no id holds: ("ab", "c") is not ("a", "bc") */
    for (const char *p = b ? b : ""; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return (size_t)h;
}

/* The value stored for (a, b), or SIZE_MAX after storing `value` when there was none. */
static size_t map_add(id_map *m, const char *a, const char *b, size_t value) {
    for (size_t i = hash_ids(a, b) & m->mask;; i = (i + 1) & m->mask) {
        id_entry *e = &m->slots[i];
        if (!e->a) {
            *e = (id_entry){a, b, value};
            return SIZE_MAX;
        }
        if (strcmp(e->a, a) == 0 && (!b || strcmp(e->b, b) == 0))
            return e->value;
    }
}

/* An id cell (unit or group): true when it is a valid id. */
static bool check_id(importer *im, const gp_csv_row *row, size_t known) {
    const char *id = cell(im, row, known);
    char got[SHOWN_MAX + 8];
    if (!*id) {
        problem(im, row->line, im->names[known], "empty: every row needs its %s id", im->names[known]);
        return false;
    }
    if (!gp_id_valid(id)) {
        shown(id, got, sizeof got);
        problem(im, row->line, im->names[known], "\"%s\" is not an id: use 1 to %d of a-z, 0-9, _ and -", got,
                GP_ID_MAX);
        return false;
    }
    if (known == COL_GROUP && strcmp(id, "total") == 0) {
        problem(im, row->line, im->names[known], "the id \"total\" is reserved for the unit's total: choose another");
        return false;
    }
    return true;
}

/* The field cells of a row: each given one a valid value, each required one given. */
static void check_fields(importer *im, const gp_csv_row *row) {
    char why[WHY_SIZE];
    double x;
    for (size_t k = ID_COLUMNS; k < im->nknown; k++) {
        const char *text = cell(im, row, k);
        if (im->at[k] < 0)
            continue;
        if (!*text) {
            if (im->fields[k]->required)
                problem(im, row->line, im->names[k], "empty: a plan needs every group's %s", im->names[k]);
        } else if (!field_value(im->fields[k], text, &x, why, sizeof why)) {
            problem(im, row->line, im->names[k], "%s", why);
        }
    }
}

/* The unit of a row with valid ids: found, or added in first-seen order; its name must agree. */
static void place_row(importer *im, id_map *units, id_map *groups, size_t r) {
    const gp_csv_row *row = &im->csv->rows[r];
    const char *uid = cell(im, row, COL_UNIT), *gid = cell(im, row, COL_GROUP), *uname = cell(im, row, COL_UNIT_NAME);
    size_t u = map_add(units, uid, NULL, im->nunits);
    if (u == SIZE_MAX) {
        u = im->nunits++;
        im->units[u] = (unit_rows){uid, NULL, 0, 0, 0};
    }
    size_t first = map_add(groups, uid, gid, r);
    if (first != SIZE_MAX) {
        problem(im, row->line, "group", "unit %s has group %s already, on line %d", uid, gid,
                im->csv->rows[first].line);
        return;
    }
    im->unit_of[r] = u;
    im->units[u].count++;
    if (*uname && !im->units[u].name) {
        im->units[u].name = uname;
        im->units[u].name_line = row->line;
    } else if (*uname && strcmp(uname, im->units[u].name) != 0) {
        char got[SHOWN_MAX + 8], first_name[SHOWN_MAX + 8];
        shown(uname, got, sizeof got);
        shown(im->units[u].name, first_name, sizeof first_name);
        problem(im, row->line, "unit_name", "\"%s\" differs from unit %s's name \"%s\" on line %d", got, uid,
                first_name, im->units[u].name_line);
    }
}

/* True when every cell of the row is empty: a spreadsheet's left-over row, not data. */
static bool empty_row(const gp_csv_row *row) {
    for (size_t c = 0; c < row->nfields; c++)
        if (row->fields[c][0])
            return false;
    return true;
}

/* Check every data row and group them by unit; false when memory ran out. */
static bool read_rows(importer *im) {
    const gp_csv *csv = im->csv;
    id_map units = {0}, groups = {0};
    bool ok = false;

    im->unit_of = malloc(csv->nrows * sizeof *im->unit_of);
    im->units = calloc(csv->nrows, sizeof *im->units);
    if (!im->unit_of || !im->units || !map_init(&units, csv->nrows) || !map_init(&groups, csv->nrows))
        goto done;
    for (size_t r = 0; r < csv->nrows; r++)
        im->unit_of[r] = SIZE_MAX;
    for (size_t r = 1; r < csv->nrows; r++) {
        const gp_csv_row *row = &csv->rows[r];
        if (empty_row(row))
            continue;
        if (row->nfields != im->nfields_header) {
            problem(im, row->line, NULL, "%zu %s, but the header has %zu: a comma too many or too few?",
                    row->nfields, row->nfields == 1 ? "field" : "fields", im->nfields_header);
            continue;
        }
        bool ids = check_id(im, row, COL_UNIT);
        ids &= check_id(im, row, COL_GROUP);
        check_fields(im, row);
        if (ids)
            place_row(im, &units, &groups, r);
    }
    /* Each unit's rows, in table order: a slice of `order` a unit. */
    if (!(im->order = malloc((csv->nrows ? csv->nrows : 1) * sizeof *im->order)))
        goto done;
    size_t next = 0;
    for (size_t u = 0; u < im->nunits; u++) {
        im->units[u].first = next;
        next += im->units[u].count;
        im->units[u].count = 0;
    }
    for (size_t r = 0; r < csv->nrows; r++)
        if (im->unit_of[r] != SIZE_MAX) {
            unit_rows *ur = &im->units[im->unit_of[r]];
            im->order[ur->first + ur->count++] = r;
        }
    ok = true;
done:
    free(units.slots);
    free(groups.slots);
    if (!ok)
        im->nomem = true;
    return ok;
}

/* ---- the plan's text ------------------------------------------------------------------------------ */

/* A growing string; `failed` once memory ran out (later appends do nothing). */
typedef struct text_buf {
    char *data;
    size_t len, cap;
    bool failed;
} text_buf;

static void put(text_buf *t, const char *s, size_t n) {
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *grown = realloc(t->data, cap);
        if (!grown) {
            t->failed = true;
            return;
        }
        t->data = grown;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void puts_text(text_buf *t, const char *s) { put(t, s, strlen(s)); }

/* A JSON string's characters: quotes, backslashes and control characters escaped; the text is UTF-8 already. */
static void put_escaped(text_buf *t, const char *s) {
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(t, esc, 2);
        } else if (c == '\n' || c == '\t') {
            put(t, c == '\n' ? "\\n" : "\\t", 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(t, esc, 6);
        } else {
            put(t, s, 1);
        }
    }
}

static void put_string(text_buf *t, const char *s) {
    put(t, "\"", 1);
    put_escaped(t, s);
    put(t, "\"", 1);
}

/* One staff group: its id, its name when given, then the fields the row gives, in the plan's field order. */
static void put_group(text_buf *t, const importer *im, const gp_csv_row *row, bool last) {
    char why[WHY_SIZE], num[32];
    double x;
    puts_text(t, "        {\"id\": ");
    put_string(t, cell(im, row, COL_GROUP));
    if (*cell(im, row, COL_GROUP_NAME)) {
        puts_text(t, ", \"name\": ");
        put_string(t, cell(im, row, COL_GROUP_NAME));
    }
    for (size_t k = ID_COLUMNS; k < im->nknown; k++) {
        const char *text = cell(im, row, k);
        if (!*text || !field_value(im->fields[k], text, &x, why, sizeof why))
            continue;
        puts_text(t, ",\n         ");
        put_string(t, im->names[k]);
        if (im->fields[k]->kind == GP_FIELD_BOOLEAN) {
            puts_text(t, x != 0 ? ": true" : ": false");
        } else {
            number_text(x, num, sizeof num);
            puts_text(t, ": ");
            puts_text(t, num);
        }
    }
    puts_text(t, last ? "}\n" : "},\n");
}

/* The plan file: the horizon and name from the options, a unit for each unit id of the table. */
static void put_plan(text_buf *t, const importer *im, const char *name, const char *start, int months) {
    const char *slash = strrchr(im->file, '/');
    char line[96];
    puts_text(t, "{\n  \"gapplan\": 1,\n  \"name\": ");
    put_string(t, name);
    /* Where the figures came from, for whoever opens the plan later. */
    puts_text(t, ",\n  \"description\": \"imported from the workforce table ");
    put_escaped(t, slash ? slash + 1 : im->file);
    puts_text(t, "\"");
    snprintf(line, sizeof line, ",\n  \"start\": \"%s\",\n  \"months\": %d,\n  \"units\": [\n", start, months);
    puts_text(t, line);
    for (size_t u = 0; u < im->nunits; u++) {
        const unit_rows *ur = &im->units[u];
        puts_text(t, "    {\"id\": ");
        put_string(t, ur->id);
        if (ur->name) {
            puts_text(t, ", \"name\": ");
            put_string(t, ur->name);
        }
        puts_text(t, ",\n      \"groups\": [\n");
        for (size_t i = 0; i < ur->count; i++)
            put_group(t, im, &im->csv->rows[im->order[ur->first + i]], i + 1 == ur->count);
        puts_text(t, u + 1 == im->nunits ? "      ]}\n" : "      ]},\n");
    }
    puts_text(t, "  ]\n}\n");
}

/* ---- checking the plan with the loader ------------------------------------------------------------ */

/*
** A problem the loader found in the plan built from the table, moved to the
** table: units[u].groups[g].field is the row of that group, in that column.
** Such a problem is one the checks above do not make (a rule between fields,
** such as bank_fill + agency_fill <= 1); anything else is reported as it came.
*/
static void from_loader(importer *im, const gp_diag_item *item) {
    const char *path = item->path ? item->path : "";
    const gp_csv_row *rows = im->csv->rows;
    size_t u, g;
    int n = 0, m = 0, line = 0;
    char column[64];
    const char *col = NULL;

    if (sscanf(path, "units[%zu]%n", &u, &n) == 1 && n > 0 && u < im->nunits) {
        const unit_rows *ur = &im->units[u];
        const char *rest = path + n;
        line = rows[im->order[ur->first]].line;
        col = "unit";
        if (sscanf(rest, ".groups[%zu]%n", &g, &m) == 1 && m > 0 && g < ur->count) {
            line = rows[im->order[ur->first + g]].line;
            col = NULL;
            rest += m;
            if (*rest == '.') {
                size_t len = strcspn(rest + 1, ".[");
                if (len > 0 && len < sizeof column) {
                    memcpy(column, rest + 1, len);
                    column[len] = '\0';
                    col = column;
                }
            }
        }
    }
    if (line)
        problem(im, line, col, "%s", item->message ? item->message : "");
    else if (gp_diag_add(im->diag, item->file, item->line, item->column, item->path, "%s",
                         item->message ? item->message : "") != GP_OK)
        im->nomem = true;
}

/*
** Load and validate the plan's text as `gapplan check` would, so that only a
** plan the other commands accept is written. *groups counts its staff groups.
*/
static gp_error check_plan(importer *im, const text_buf *t, size_t *groups) {
    gp_diag loaded;
    gp_plan *plan = NULL;
    gp_diag_init(&loaded);
    gp_error err = gp_plan_load_buffer(t->data, t->len, im->file, &plan, &loaded);
    if (err == GP_OK)
        err = gp_plan_validate(plan, im->file, &loaded);
    if (err == GP_OK)
        *groups = gp_plan_group_count(plan);
    for (size_t i = 0; i < loaded.count; i++)
        from_loader(im, &loaded.items[i]);
    gp_plan_free(plan);
    gp_diag_free(&loaded);
    return im->nomem ? GP_ERR_NOMEM : err;
}

/* ---- the command ---------------------------------------------------------------------------------- */

/* What the options ask for. */
typedef struct import_options {
    const char *name, *start;
    int months;
} import_options;

/*
** Read and check the table, then build the plan's text into *t and check it
** with the loader. GP_ERR_INVALID when the table has problems (all in
** `diag`), GP_ERR_IO when it cannot be read, GP_ERR_NOMEM.
*/
static gp_error import_table(const char *file, const import_options *o, text_buf *t, size_t *nunits, size_t *ngroups,
                             gp_diag *diag) {
    gp_csv csv;
    importer im = {0};
    size_t before = diag->count + diag->dropped;
    gp_error err = gp_csv_read_file(file, &csv, diag);
    if (err != GP_OK)
        return err;
    im.file = file;
    im.csv = &csv;
    im.diag = diag;
    if (csv.nrows == 0) {
        problem(&im, 0, NULL, "no header row: the first line names the columns (unit, group, establishment, "
                              "staff_in_post, ...), then a row for each staff group");
        err = GP_ERR_INVALID;
        goto done;
    }
    read_header(&im);
    /* Without both ids a row cannot be placed, and every row would say so again. */
    if (im.at[COL_UNIT] >= 0 && im.at[COL_GROUP] >= 0 && read_rows(&im) && im.nunits == 0 &&
        diag->count + diag->dropped == before)
        problem(&im, 0, NULL, "no rows below the header: give a row for each staff group");
    if (im.nomem) {
        err = GP_ERR_NOMEM;
        goto done;
    }
    if (diag->count + diag->dropped > before) {
        err = GP_ERR_INVALID;
        goto done;
    }
    put_plan(t, &im, o->name, o->start, o->months);
    if (t->failed) {
        err = GP_ERR_NOMEM;
        goto done;
    }
    *nunits = im.nunits;
    err = check_plan(&im, t, ngroups);
done:
    if (err == GP_ERR_NOMEM)
        gp_diag_add(diag, NULL, 0, 0, NULL, "out of memory importing %s", file);
    free(im.unit_of);
    free(im.units);
    free(im.order);
    gp_csv_free(&csv);
    return err;
}

static gp_error write_text(FILE *f, void *ctx) {
    const text_buf *t = ctx;
    return fwrite(t->data, 1, t->len, f) == t->len ? GP_OK : GP_ERR_IO;
}

/* The plan's name when --name is not given: the table's file name without its folder and ".csv". */
static void name_from_file(const char *file, char *out, size_t size) {
    const char *slash = strrchr(file, '/');
    const char *base = slash ? slash + 1 : file;
    size_t n = strlen(base);
    if (n > 4 && strcasecmp(base + n - 4, ".csv") == 0)
        n -= 4;
    snprintf(out, size, "%.*s", (int)n, base);
}

/* The options' values checked: false after the usage error. */
static bool check_options(const char *start_text, const char *months_text, const char *name,
                          import_options *o) {
    gp_month start;
    char *end;
    if (start_text && !gp_month_parse(start_text, &start)) {
        gp_cli_error("--start '%s': expected a month such as 2022-04", start_text);
        return false;
    }
    if (months_text) {
        errno = 0;
        long v = months_text[0] >= '0' && months_text[0] <= '9' ? strtol(months_text, &end, 10) : 0;
        if (months_text[0] < '0' || months_text[0] > '9' || errno || *end || v < 1 || v > GP_MONTHS_MAX) {
            gp_cli_error("--months '%s': expected a whole number from 1 to %d", months_text, GP_MONTHS_MAX);
            return false;
        }
        o->months = (int)v;
    }
    if (name && !gp_utf8_valid(name, strlen(name))) {
        gp_cli_error("--name: the name is not UTF-8 text");
        return false;
    }
    return true;
}

static const char *plural(size_t n, const char *one, const char *many) { return n == 1 ? one : many; }

int gp_cmd_import(int argc, char **argv) {
    bool help = false;
    const char *output = NULL, *start = NULL, *months = NULL, *name = NULL;
    const gp_cli_option options[] = {
        {"output", 'o', &output, NULL, NULL},
        {"start", 0, &start, NULL, NULL},
        {"months", 0, &months, NULL, NULL},
        {"name", 0, &name, NULL, NULL},
        {"help", 'h', NULL, &help, NULL},
    };
    const char *args[1];
    int nargs;
    import_options o = {NULL, DEFAULT_START, DEFAULT_MONTHS};
    char file_name[256];
    text_buf text = {0};
    size_t nunits = 0, ngroups = 0;
    gp_diag diag;
    gp_error err;

    if (!gp_cli_parse("import", argc, argv, options, sizeof options / sizeof options[0], args, 1, &nargs))
        return GP_EXIT_USAGE;
    if (help) {
        gp_cli_print_help("import", stdout);
        return GP_EXIT_OK;
    }
    if (nargs == 0 || !output) {
        gp_cli_error("import needs a table and an output: gapplan import WORKFORCE.csv -o PLAN.json");
        gp_cli_usage_hint("import");
        return GP_EXIT_USAGE;
    }
    if (!check_options(start, months, name, &o)) {
        gp_cli_usage_hint("import");
        return GP_EXIT_USAGE;
    }
    if (gp_cli_same_file(args[0], output)) {
        gp_cli_error("the output %s is the table; write the plan somewhere else", output);
        return GP_EXIT_USAGE;
    }
    if (start)
        o.start = start;
    name_from_file(args[0], file_name, sizeof file_name);
    o.name = name ? name : file_name;

    gp_diag_init(&diag);
    err = import_table(args[0], &o, &text, &nunits, &ngroups, &diag);
    if (err == GP_OK) {
        gp_cli_install_signal_cleanup();
        err = gp_cli_write_file(output, write_text, &text, &diag);
    }
    gp_cli_print_diag(&diag, "gapplan: error: ");
    if (err == GP_ERR_INVALID) {
        /* Nothing is written: say so, after how many problems there are to fix. */
        size_t n = diag.count + diag.dropped;
        fprintf(stderr, "gapplan: %s: %zu %s; nothing written\n", args[0], n, plural(n, "problem", "problems"));
    } else if (err == GP_OK && strcmp(output, "-") != 0) {
        printf("wrote %s: %zu %s, %zu %s, %d months from %s; next: gapplan check %s\n", output, nunits,
               plural(nunits, "unit", "units"), ngroups, plural(ngroups, "group", "groups"), o.months, o.start,
               output);
    }
    free(text.data);
    gp_diag_free(&diag);
    return gp_cli_exit_code(err);
}
