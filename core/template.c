/*
** core/template.c: loading a board-pack template (gapplan/report.h,
** docs/templates.md).
**
** A template is read as strictly as a plan: the strict JSON reader first
** (line and column of a syntax error), then every key checked against the
** ones known at its place (an unknown key names the nearest known one), every
** value against its type, and every problem reported with its JSON path, all
** of them, not just the first. Sheet names are checked against Excel's rules
** here, so a template can never produce a workbook Excel must repair.
*/
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gapplan/result.h"
#include "gapplan/text.h"
#include "json_strict.h"
#include "report.h"
#include "template_private.h"

/* The format version a template declares. */
#define TEMPLATE_VERSION 1
/* Largest template file read: a template is a page of JSON. */
#define TEMPLATE_MAX_BYTES ((size_t)1 << 20)
/* Bounds of a label column's width, in characters. */
#define WIDTH_MIN 5.0
#define WIDTH_MAX 100.0

const char *const gp_sheet_kind_names[GP_SHEET_KIND_COUNT] = {
    "summary", "workforce", "finance", "backlog", "monthly", "scenarios", "assumptions", "audit",
};

static const char *const top_keys[] = {"gapplan_template", "name", "formats", "sheets"};
static const char *const format_keys[] = {"money", "fte", "rate", "count", "header_color"};
static const char *const sheet_keys[] = {"kind", "name", "series", "rows", "width"};
static const char *const row_keys[] = {"series", "label"};
#define COUNT(a) (sizeof a / sizeof a[0])

static char *copy(const char *s) {
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    return c ? memcpy(c, s, n) : NULL;
}

/* Report every key of `obj` not in `known`, with the nearest known key. */
static void check_keys(gp_reporter *r, const cJSON *obj, const char *const *known, size_t n) {
    for (const cJSON *k = obj->child; k; k = k->next) {
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = strcmp(k->string, known[i]) == 0;
        if (found)
            continue;
        const char *near = gp_nearest_name(k->string, known, n);
        gp_push_key(r, k->string);
        if (near)
            gp_report(r, "unknown key; did you mean %s?", near);
        else
            gp_report(r, "unknown key");
        gp_pop(r);
    }
}

/* A string member `key` of obj: a copy in *out (NULL when absent and not required). False after a report. */
static bool get_string(gp_reporter *r, const cJSON *obj, const char *key, bool required, char **out) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (!v) {
        if (required)
            gp_report(r, "missing required field '%s'", key);
        return !required;
    }
    gp_push_key(r, key);
    bool ok = cJSON_IsString(v);
    if (!ok)
        gp_report(r, "must be a string, got %s", gp_json_type_name(v));
    else if (!(*out = copy(v->valuestring)))
        r->nomem = true;
    gp_pop(r);
    return ok && *out;
}

/* Excel refuses a sheet name that is empty, longer than 31 characters or holds one of []:*?/\. */
static void check_sheet_name(gp_reporter *r, const char *name) {
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        chars += (*p & 0xC0) != 0x80;
    if (chars == 0)
        gp_report(r, "a sheet name cannot be empty");
    else if (chars > GP_SHEET_NAME_MAX)
        gp_report(r, "\"%s\" has %zu characters: Excel allows at most %d in a sheet name", name, chars,
                  GP_SHEET_NAME_MAX);
    else if (strpbrk(name, "[]:*?/\\"))
        gp_report(r, "\"%s\": a sheet name cannot hold any of [ ] : * ? / \\", name);
    else if (name[0] == '\'' || name[strlen(name) - 1] == '\'')
        gp_report(r, "\"%s\": a sheet name cannot start or end with an apostrophe", name);
}

/* The series a sheet of `kind` may name, for checks and "did you mean". */
static size_t allowed_series(gp_sheet_kind kind, const char **names, size_t max) {
    size_t n = 0;
    bool group = kind == GP_SHEET_WORKFORCE || kind == GP_SHEET_SUMMARY;
    bool finance = kind == GP_SHEET_FINANCE || kind == GP_SHEET_SUMMARY;
    bool backlog = kind == GP_SHEET_BACKLOG || kind == GP_SHEET_SUMMARY;
    for (size_t i = 0; group && i < GP_GROUP_SERIES_COUNT && n < max; i++)
        names[n++] = gp_group_series_info[i].name;
    for (size_t i = 0; finance && i < GP_FINANCE_SERIES_COUNT && n < max; i++)
        names[n++] = gp_finance_series_info[i].name;
    for (size_t i = 0; backlog && i < GP_BACKLOG_SERIES_COUNT && n < max; i++)
        names[n++] = gp_backlog_series_info[i].name;
    return n;
}

static void check_series_name(gp_reporter *r, gp_sheet_kind kind, const char *name) {
    const char *names[GP_GROUP_SERIES_COUNT + GP_FINANCE_SERIES_COUNT + GP_BACKLOG_SERIES_COUNT];
    size_t n = allowed_series(kind, names, COUNT(names));
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return;
    const char *near = gp_nearest_name(name, names, n);
    if (near)
        gp_report(r, "unknown series \"%s\" for a %s sheet; did you mean %s?", name, gp_sheet_kind_names[kind], near);
    else
        gp_report(r, "unknown series \"%s\" for a %s sheet", name, gp_sheet_kind_names[kind]);
}

static void load_series_list(gp_reporter *r, const cJSON *list, gp_template_sheet *s) {
    gp_push_key(r, "series");
    if (s->kind != GP_SHEET_WORKFORCE && s->kind != GP_SHEET_FINANCE && s->kind != GP_SHEET_BACKLOG) {
        gp_report(r, "only workforce, finance and backlog sheets take a series list");
    } else if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0) {
        gp_report(r, "must be a non-empty array of series names");
    } else {
        size_t n = (size_t)cJSON_GetArraySize(list);
        s->series = calloc(n, sizeof *s->series);
        if (!s->series)
            r->nomem = true;
        size_t i = 0;
        for (const cJSON *v = list->child; v && s->series; v = v->next, i++) {
            gp_push_index(r, i);
            if (!cJSON_IsString(v))
                gp_report(r, "must be a series name, got %s", gp_json_type_name(v));
            else {
                check_series_name(r, s->kind, v->valuestring);
                if (!(s->series[s->nseries++] = copy(v->valuestring)))
                    r->nomem = true;
            }
            gp_pop(r);
        }
    }
    gp_pop(r);
}

static void load_rows(gp_reporter *r, const cJSON *rows, gp_template_sheet *s) {
    gp_push_key(r, "rows");
    if (s->kind != GP_SHEET_SUMMARY) {
        gp_report(r, "only a summary sheet takes rows");
    } else if (!cJSON_IsArray(rows) || cJSON_GetArraySize(rows) == 0) {
        gp_report(r, "must be a non-empty array of {series, label}");
    } else {
        size_t n = (size_t)cJSON_GetArraySize(rows), i = 0;
        s->rows = calloc(n, sizeof *s->rows);
        if (!s->rows)
            r->nomem = true;
        for (const cJSON *v = rows->child; v && s->rows; v = v->next, i++) {
            gp_push_index(r, i);
            if (!cJSON_IsObject(v)) {
                gp_report(r, "must be an object {series, label}, got %s", gp_json_type_name(v));
            } else {
                check_keys(r, v, row_keys, COUNT(row_keys));
                gp_template_row *row = &s->rows[s->nrows++];
                if (get_string(r, v, "series", true, &row->series)) {
                    gp_push_key(r, "series");
                    check_series_name(r, GP_SHEET_SUMMARY, row->series);
                    gp_pop(r);
                }
                get_string(r, v, "label", true, &row->label);
            }
            gp_pop(r);
        }
    }
    gp_pop(r);
}

static void load_sheet(gp_reporter *r, const cJSON *obj, gp_template_sheet *s) {
    char *kind = NULL;
    if (!cJSON_IsObject(obj)) {
        gp_report(r, "must be an object {kind, name, ...}, got %s", gp_json_type_name(obj));
        return;
    }
    check_keys(r, obj, sheet_keys, COUNT(sheet_keys));
    s->width = 28;
    s->kind = GP_SHEET_KIND_COUNT;
    if (get_string(r, obj, "kind", true, &kind)) {
        for (int k = 0; k < GP_SHEET_KIND_COUNT; k++)
            if (strcmp(kind, gp_sheet_kind_names[k]) == 0)
                s->kind = (gp_sheet_kind)k;
        if (s->kind == GP_SHEET_KIND_COUNT) {
            const char *near = gp_nearest_name(kind, gp_sheet_kind_names, GP_SHEET_KIND_COUNT);
            gp_push_key(r, "kind");
            gp_report(r, "unknown sheet kind \"%s\"%s%s%s", kind, near ? "; did you mean " : "", near ? near : "",
                      near ? "?" : " (summary, workforce, finance, backlog, monthly, scenarios, assumptions, audit)");
            gp_pop(r);
        }
    }
    free(kind);
    if (get_string(r, obj, "name", true, &s->name)) {
        gp_push_key(r, "name");
        check_sheet_name(r, s->name);
        gp_pop(r);
    }
    if (s->kind == GP_SHEET_KIND_COUNT)
        return;
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "series")))
        load_series_list(r, v, s);
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "rows")))
        load_rows(r, v, s);
    else if (s->kind == GP_SHEET_SUMMARY)
        gp_report(r, "missing required field 'rows' (the summary's headline series)");
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "width"))) {
        gp_push_key(r, "width");
        if (!cJSON_IsNumber(v))
            gp_report(r, "must be a number of characters, got %s", gp_json_type_name(v));
        else if (gp_check_range(r, v->valuedouble, WIDTH_MIN, WIDTH_MAX))
            s->width = v->valuedouble;
        gp_pop(r);
    }
}

/* "#1F4E79" -> 0x1F4E79; false when it is not a colour. */
static bool parse_color(const char *s, unsigned *out) {
    if (strlen(s) != 7 || s[0] != '#')
        return false;
    for (int i = 1; i < 7; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    *out = (unsigned)strtoul(s + 1, NULL, 16);
    return true;
}

static void load_formats(gp_reporter *r, const cJSON *obj, gp_template *t) {
    gp_push_key(r, "formats");
    if (!cJSON_IsObject(obj)) {
        gp_report(r, "must be an object of number formats, got %s", gp_json_type_name(obj));
        gp_pop(r);
        return;
    }
    check_keys(r, obj, format_keys, COUNT(format_keys));
    char **slots[] = {&t->fmt_money, &t->fmt_fte, &t->fmt_rate, &t->fmt_count};
    for (size_t i = 0; i < COUNT(slots); i++) {
        char *v = NULL;
        if (get_string(r, obj, format_keys[i], false, &v) && v) {
            free(*slots[i]);
            *slots[i] = v;
        }
    }
    char *color = NULL;
    if (get_string(r, obj, "header_color", false, &color) && color && !parse_color(color, &t->header_color)) {
        gp_push_key(r, "header_color");
        gp_report(r, "must be a colour \"#RRGGBB\", got \"%s\"", color);
        gp_pop(r);
    }
    free(color);
    gp_pop(r);
}

/* The template in `root`, checked; the problems go to r. */
static void load_template(gp_reporter *r, const cJSON *root, gp_template *t) {
    if (!cJSON_IsObject(root)) {
        gp_report(r, "a template must be a JSON object, got %s", gp_json_type_name(root));
        return;
    }
    check_keys(r, root, top_keys, COUNT(top_keys));
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "gapplan_template");
    if (!v)
        gp_report(r, "missing required field 'gapplan_template' (the format version, %d)", TEMPLATE_VERSION);
    else if (!cJSON_IsNumber(v) || v->valuedouble != TEMPLATE_VERSION) {
        gp_push_key(r, "gapplan_template");
        gp_report(r, "unsupported template version: this gapplan reads version %d", TEMPLATE_VERSION);
        gp_pop(r);
    }
    char *name = NULL;
    if (get_string(r, root, "name", false, &name) && name) {
        free(t->name);
        t->name = name;
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "formats")))
        load_formats(r, v, t);
    const cJSON *sheets = cJSON_GetObjectItemCaseSensitive(root, "sheets");
    if (!sheets) {
        gp_report(r, "missing required field 'sheets'");
        return;
    }
    gp_push_key(r, "sheets");
    if (!cJSON_IsArray(sheets) || cJSON_GetArraySize(sheets) == 0) {
        gp_report(r, "must be a non-empty array of sheets");
        gp_pop(r);
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(sheets), i = 0;
    t->sheets = calloc(n, sizeof *t->sheets);
    if (!t->sheets) {
        r->nomem = true;
        gp_pop(r);
        return;
    }
    for (const cJSON *s = sheets->child; s; s = s->next, i++) {
        gp_push_index(r, i);
        load_sheet(r, s, &t->sheets[t->nsheets++]);
        for (size_t k = 0; k < i && t->sheets[i].name; k++)
            if (t->sheets[k].name && strcasecmp(t->sheets[k].name, t->sheets[i].name) == 0) {
                gp_push_key(r, "name");
                gp_report(r, "sheet name \"%s\" is used twice (also sheets[%zu]; Excel ignores case)",
                          t->sheets[i].name, k);
                gp_pop(r);
            }
        gp_pop(r);
    }
    gp_pop(r);
}

void gp_template_free(gp_template *t) {
    if (!t)
        return;
    for (size_t i = 0; i < t->nsheets; i++) {
        gp_template_sheet *s = &t->sheets[i];
        free(s->name);
        for (size_t k = 0; k < s->nseries; k++)
            free(s->series[k]);
        free(s->series);
        for (size_t k = 0; k < s->nrows; k++) {
            free(s->rows[k].series);
            free(s->rows[k].label);
        }
        free(s->rows);
    }
    free(t->sheets);
    free(t->name);
    free(t->file);
    free(t->fmt_money);
    free(t->fmt_fte);
    free(t->fmt_rate);
    free(t->fmt_count);
    free(t);
}

/* The file `name_or_path` names: itself, or <dir>/<name>.json in the first folder that has it. */
static char *find_file(const char *name_or_path, const char *const *dirs, size_t ndirs, gp_diag *diag) {
    size_t len = strlen(name_or_path);
    if (strchr(name_or_path, '/') || (len > 5 && strcmp(name_or_path + len - 5, ".json") == 0))
        return copy(name_or_path);
    for (size_t i = 0; i < ndirs; i++) {
        size_t n = strlen(dirs[i]) + len + sizeof "/.json";
        char *path = malloc(n);
        if (!path)
            return NULL;
        snprintf(path, n, "%s/%s.json", dirs[i], name_or_path);
        FILE *f = fopen(path, "rb");
        if (f) {
            fclose(f);
            return path;
        }
        free(path);
    }
    gp_diag_add(diag, NULL, 0, 0, NULL, "no template '%s' (looked for %s.json in %zu folder%s%s%s)", name_or_path,
                name_or_path, ndirs, ndirs == 1 ? "" : "s", ndirs ? ": " : "", ndirs ? dirs[0] : "");
    return NULL;
}

static char *read_file(const char *path, size_t *len, gp_diag *diag) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        gp_diag_add(diag, path, 0, 0, NULL, "cannot open the template: %s", strerror(errno));
        return NULL;
    }
    char *buf = malloc(TEMPLATE_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, TEMPLATE_MAX_BYTES + 1, f) : 0;
    bool bad = !buf || ferror(f) || n > TEMPLATE_MAX_BYTES;
    if (bad)
        gp_diag_add(diag, path, 0, 0, NULL, "%s", !buf ? "out of memory" : n > TEMPLATE_MAX_BYTES ?
                    "the template is over 1 MiB, the limit for a template" : "cannot read the template");
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

gp_error gp_template_load(const char *name_or_path, const char *const *dirs, size_t ndirs, gp_template **out,
                          gp_diag *diag) {
    gp_template *t = NULL;
    cJSON *root = NULL;
    char *text = NULL;
    size_t len = 0;
    gp_error err;

    if (!name_or_path || !out || !diag)
        return GP_ERR_ARGUMENT;
    *out = NULL;
    t = calloc(1, sizeof *t);
    if (!t)
        return GP_ERR_NOMEM;
    t->file = find_file(name_or_path, dirs, ndirs, diag);
    if (!t->file) {
        err = GP_ERR_IO;
        goto fail;
    }
    text = read_file(t->file, &len, diag);
    if (!text) {
        err = GP_ERR_IO;
        goto fail;
    }
    gp_sha256_buffer(text, len, t->sha256);
    err = gp_json_parse_strict(text, len, t->file, &root, diag);
    if (err != GP_OK)
        goto fail;
    t->name = copy("template");
    t->fmt_money = copy("£#,##0.0,,\"m\"");
    t->fmt_fte = copy("#,##0");
    t->fmt_rate = copy("0.0%");
    t->fmt_count = copy("#,##0");
    t->header_color = 0x1F4E79;
    gp_reporter r;
    gp_reporter_init(&r, diag, t->file);
    if (!t->name || !t->fmt_money || !t->fmt_fte || !t->fmt_rate || !t->fmt_count)
        r.nomem = true;
    else
        load_template(&r, root, t);
    err = r.nomem ? GP_ERR_NOMEM : r.problems ? GP_ERR_INVALID : GP_OK;
    if (err == GP_OK) {
        *out = t;
        t = NULL;
    }
fail:
    cJSON_Delete(root);
    free(text);
    gp_template_free(t);
    return err;
}

const char *gp_template_name(const gp_template *t) { return t->name; }
const char *gp_template_file(const gp_template *t) { return t->file; }
const char *gp_template_sha256(const gp_template *t) { return t->sha256; }
