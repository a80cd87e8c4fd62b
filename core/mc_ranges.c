/*
** core/mc_ranges.c: a plan's `ranges` block: uncertain plan inputs, ranges
** for scenario params, and rank correlations between them (mc.h).
**
** One walk serves both callers: the plan loader checks the block (nothing
** kept), gp_mc_ranges_load keeps the entries. Every problem is reported with
** its place ("ranges[1].correlations.absence: ..."), never just the first, as
** the loader does for the rest of the plan.
**
** A path names a plan input two ways, by position as in a message
** ("units[0].groups[1].leaver_rate") or by ids ("england.nurses.leaver_rate");
** the words `finance` and `backlog` after a unit name its blocks, so a staff
** group with one of those ids is named by position.
*/
#include "gapplan/mc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "gapplan/text.h"
#include "json_strict.h"
#include "mc_ranges.h"
#include "plan_private.h"

/* Bytes of a path or param name in a range entry. */
#define PATH_MAX_BYTES 256
/* Field names offered for "did you mean" (a block has fewer). */
#define FIELD_NAMES_MAX 32
/* Correlations one entry may declare. */
#define ENTRY_CORR_MAX GP_MC_INPUTS_MAX

enum { BLOCK_GROUP, BLOCK_FINANCE, BLOCK_CAPITAL, BLOCK_BACKLOG };

struct gp_mc_ranges {
    gp_arena *arena; /* every string and array below */
    gp_mc_range *items;
    size_t count;
    gp_mc_range_corr *corr;
    size_t ncorr;
};

static const char *const entry_keys[] = {"id",   "path", "param", "low",          "high",
                                         "dist", "mode", "from",  "correlations", "doc"};
#define NKEYS (sizeof entry_keys / sizeof entry_keys[0])

/* What the walk works on. */
typedef struct walk {
    gp_reporter *r;
    const gp_plan *plan; /* NULL: paths are checked for form only */
    gp_mc_ranges *out;   /* NULL: check only */
    gp_mc_range items[GP_MC_RANGES_MAX];
    gp_mc_range_corr corr[GP_MC_RANGES_MAX * ENTRY_CORR_MAX];
    size_t count, ncorr;
} walk;

/* A string kept in the output (or the text itself when only checking, which never outlives the tree). */
static const char *keep(walk *w, const char *s) {
    if (!w->out)
        return s;
    char *copy = gp_arena_strdup(w->out->arena, s);
    if (!copy)
        w->r->nomem = true;
    return copy ? copy : "";
}

/* ---- paths ------------------------------------------------------------------------------------ */

/* "name[N]" with name == `list`: N into *index; false when `tok` is not of that form. */
static bool indexed(const char *tok, const char *list, size_t *index) {
    size_t n = strlen(list);
    if (strncmp(tok, list, n) != 0 || tok[n] != '[')
        return false;
    char *end;
    errno = 0;
    unsigned long v = strtoul(tok + n + 1, &end, 10);
    if (errno || end == tok + n + 1 || *end != ']' || end[1] || tok[n + 1] == '-' || tok[n + 1] == '+')
        return false;
    *index = v;
    return true;
}

/* The field `name` of `table`, if it is one a range can set (a number or a schedule). */
static const gp_field *settable(walk *w, const gp_field_table *table, const char *name, const char *path) {
    const gp_field *f = name ? gp_field_find(table, name) : NULL;
    if (!f) {
        const char *names[FIELD_NAMES_MAX];
        size_t n = 0;
        for (size_t i = 0; i < table->count && n < FIELD_NAMES_MAX; i++)
            names[n++] = table->fields[i].name;
        const char *near = name ? gp_nearest_name(name, names, n) : NULL;
        gp_report(w->r, "path \"%s\": %s%s%s%s", path, name ? "no input field here named " : "no field named",
                  name ? name : "", near ? "; did you mean " : "", near ? near : "");
        return NULL;
    }
    if (f->kind != GP_FIELD_SCHEDULE && f->kind != GP_FIELD_NUMBER) {
        gp_report(w->r, "path \"%s\": %s is not a number or a schedule, so it cannot be uncertain", path, name);
        return NULL;
    }
    return f;
}

/* Resolve the path into e's unit, block, group and field; false (reported) when it names nothing. */
static bool resolve_path(walk *w, gp_mc_range *e, const char *path) {
    char buf[PATH_MAX_BYTES + 1];
    char *tok[5], *save = NULL;
    size_t ntok = 0, index;
    const gp_plan *plan = w->plan;

    strcpy(buf, path);
    for (char *t = strtok_r(buf, ".", &save); t; t = strtok_r(NULL, ".", &save)) {
        if (ntok == 5) {
            gp_report(w->r, "path \"%s\" is too long: expected UNIT.GROUP.FIELD, UNIT.finance.FIELD, "
                            "UNIT.finance.capital.FIELD or UNIT.backlog.FIELD", path);
            return false;
        }
        tok[ntok++] = t;
    }
    if (ntok < 3) {
        gp_report(w->r, "path \"%s\" is too short: expected UNIT.GROUP.FIELD, UNIT.finance.FIELD, "
                        "UNIT.finance.capital.FIELD or UNIT.backlog.FIELD", path);
        return false;
    }
    if (!plan)
        return true;
    const gp_unit *u = NULL;
    if (indexed(tok[0], "units", &index)) {
        if (index >= plan->nunits) {
            gp_report(w->r, "path \"%s\": the plan has %zu unit%s", path, plan->nunits, plan->nunits == 1 ? "" : "s");
            return false;
        }
        u = &plan->units[index];
    } else if (!(u = gp_plan_find_unit(plan, tok[0]))) {
        gp_report(w->r, "path \"%s\": no unit \"%s\" in the plan", path, tok[0]);
        return false;
    }
    e->unit = (size_t)(u - plan->units);
    const char *field = tok[2];
    const gp_field_table *table;
    size_t want = 3;
    if (strcmp(tok[1], "finance") == 0) {
        if (!u->finance) {
            gp_report(w->r, "path \"%s\": unit %s has no finance block", path, u->id);
            return false;
        }
        e->block = BLOCK_FINANCE;
        table = &gp_finance_fields;
        if (strcmp(tok[2], "capital") == 0) {
            e->block = BLOCK_CAPITAL;
            table = &gp_capital_fields;
            field = ntok > 3 ? tok[3] : NULL;
            want = 4;
        }
    } else if (strcmp(tok[1], "backlog") == 0) {
        if (!u->backlog) {
            gp_report(w->r, "path \"%s\": unit %s has no backlog block", path, u->id);
            return false;
        }
        e->block = BLOCK_BACKLOG;
        table = &gp_backlog_fields;
    } else {
        const gp_group *g = NULL;
        if (indexed(tok[1], "groups", &index)) {
            if (index >= u->ngroups) {
                gp_report(w->r, "path \"%s\": unit %s has %zu staff group%s", path, u->id, u->ngroups,
                          u->ngroups == 1 ? "" : "s");
                return false;
            }
            g = &u->groups[index];
        } else if (!(g = gp_unit_find_group(u, tok[1]))) {
            gp_report(w->r, "path \"%s\": unit %s has no staff group \"%s\"", path, u->id, tok[1]);
            return false;
        }
        e->block = BLOCK_GROUP;
        e->group = (size_t)(g - u->groups);
        table = &gp_group_fields;
    }
    if (ntok > want) {
        gp_report(w->r, "path \"%s\": nothing lies inside %s", path, tok[want - 1]);
        return false;
    }
    return (e->field = settable(w, table, field, path)) != NULL;
}

/* ---- entries ------------------------------------------------------------------------------------ */

/* A finite number at key `key` of the current object into *out; false (reported) otherwise. */
static bool number_at(walk *w, const cJSON *item, const char *key, double *out) {
    gp_push_key(w->r, key);
    bool ok = cJSON_IsNumber(item) && isfinite(item->valuedouble);
    if (ok)
        *out = item->valuedouble;
    else
        gp_report(w->r, "must be a number, got %s", gp_json_type_name(item));
    gp_pop(w->r);
    return ok;
}

/* A string at `key` of at most PATH_MAX_BYTES bytes; NULL (reported) otherwise. */
static const char *string_at(walk *w, const cJSON *item, const char *key) {
    const char *s = NULL;
    gp_push_key(w->r, key);
    if (!cJSON_IsString(item))
        gp_report(w->r, "must be a string, got %s", gp_json_type_name(item));
    else if (strlen(item->valuestring) > PATH_MAX_BYTES)
        gp_report(w->r, "is longer than %d bytes", PATH_MAX_BYTES);
    else if (!item->valuestring[0])
        gp_report(w->r, "must not be empty");
    else
        s = item->valuestring;
    gp_pop(w->r);
    return s;
}

/* "scenario.param" with both parts ids. */
static bool param_name(const char *s) {
    const char *dot = strchr(s, '.');
    char id[GP_ID_MAX + 1];
    if (!dot || strchr(dot + 1, '.') || (size_t)(dot - s) > GP_ID_MAX)
        return false;
    memcpy(id, s, (size_t)(dot - s));
    id[dot - s] = '\0';
    return gp_id_valid(id) && gp_id_valid(dot + 1);
}

/* The month `from` names: its first period, clamped to the horizon's start; false (reported) when after it. */
static bool from_at(walk *w, const cJSON *item, int *from) {
    int first, last;
    bool ok = false;
    gp_push_key(w->r, "from");
    if (!cJSON_IsString(item))
        gp_report(w->r, "must be a month label such as \"2023-04\", got %s", gp_json_type_name(item));
    else if (!w->plan)
        ok = true;
    else if (!gp_calendar_label_periods(&w->plan->cal, item->valuestring, &first, &last))
        gp_report(w->r, "must be a month label such as \"2023-04\" or an FY label such as \"2023/24\"");
    else if (first >= w->plan->cal.months)
        gp_report(w->r, "\"%s\" is after the plan's last month", item->valuestring);
    else
        *from = first > 0 ? first : 0, ok = true;
    gp_pop(w->r);
    return ok;
}

/* The correlations object of entry e (checked now, names resolved after every entry is read). */
static void corr_at(walk *w, const cJSON *obj, size_t entry) {
    gp_push_key(w->r, "correlations");
    if (!cJSON_IsObject(obj))
        gp_report(w->r, "must be an object mapping ids to rank correlations, got %s", gp_json_type_name(obj));
    else
        for (const cJSON *c = obj->child; c; c = c->next) {
            double v;
            if (c == obj->child && cJSON_GetArraySize(obj) > ENTRY_CORR_MAX) {
                gp_report(w->r, "declares %d correlations: at most %d", cJSON_GetArraySize(obj), ENTRY_CORR_MAX);
                break;
            }
            if (!number_at(w, c, c->string, &v))
                continue;
            gp_push_key(w->r, c->string);
            if (v < -1 || v > 1)
                gp_report(w->r, "a rank correlation must be within [-1, 1], got %g", v);
            else if (w->ncorr < sizeof w->corr / sizeof w->corr[0])
                w->corr[w->ncorr++] = (gp_mc_range_corr){entry, c->string, v};
            gp_pop(w->r);
        }
    gp_pop(w->r);
}

/* The checks that need the whole entry: one of path and param, low <= mode <= high, the field's range. */
static void check_bounds(walk *w, gp_mc_range *e) {
    if (e->path && (!e->has_low || !e->has_high))
        gp_report(w->r, "missing required field '%s': a plan input needs its low and high", e->has_low ? "high" : "low");
    if (e->has_low && e->has_high && e->low > e->high)
        gp_report(w->r, "low (%g) is above high (%g)", e->low, e->high);
    if (e->has_mode && e->dist != GP_MC_TRIANGULAR)
        gp_report(w->r, "mode is used by a triangular range only: add \"dist\": \"triangular\"");
    if (e->has_mode && ((e->has_low && e->mode < e->low) || (e->has_high && e->mode > e->high)))
        gp_report(w->r, "mode (%g) must lie within low and high", e->mode);
    if (e->field && e->has_low && e->has_high && (e->low < e->field->min || e->high > e->field->max)) {
        char lo[GP_NUMBER_TEXT_SIZE], hi[GP_NUMBER_TEXT_SIZE];
        gp_number_text(e->field->min, lo, sizeof lo);
        gp_number_text(e->field->max, hi, sizeof hi);
        gp_report(w->r, "%s must be within [%s, %s]: so must its low and high", e->field->name, lo, hi);
    }
    if (!e->has_mode && e->has_low && e->has_high)
        e->mode = (e->low + e->high) / 2;
}

static void read_entry(walk *w, const cJSON *obj, gp_mc_range *e) {
    const char *id = NULL;
    const cJSON *corr = NULL;
    bool named = false; /* path or param given, even if invalid: no "missing" message on top of its own */
    memset(e, 0, sizeof *e);
    e->index = w->count;
    if (!cJSON_IsObject(obj)) {
        gp_report(w->r, "must be an object such as {\"path\": \"england.nurses.leaver_rate\", \"low\": 0.09, "
                        "\"high\": 0.12}, got %s", gp_json_type_name(obj));
        return;
    }
    for (const cJSON *item = obj->child; item; item = item->next) {
        const char *key = item->string;
        if (strcmp(key, "id") == 0) {
            if ((id = string_at(w, item, key)) && !gp_id_valid(id)) {
                gp_push_key(w->r, key);
                gp_report(w->r, "invalid id \"%s\": use 1 to %d characters of a-z, 0-9, _ and -", id, GP_ID_MAX);
                gp_pop(w->r);
                id = NULL;
            }
        } else if (strcmp(key, "path") == 0) {
            named = true;
            e->path = string_at(w, item, key);
        } else if (strcmp(key, "param") == 0) {
            named = true;
            if ((e->param = string_at(w, item, key)) && !param_name(e->param)) {
                gp_push_key(w->r, key);
                gp_report(w->r, "\"%s\" is not SCENARIO.PARAM, e.g. \"attendance-gain.points\"", e->param);
                gp_pop(w->r);
                e->param = NULL;
            }
        } else if (strcmp(key, "low") == 0) {
            e->has_low = number_at(w, item, key, &e->low);
        } else if (strcmp(key, "high") == 0) {
            e->has_high = number_at(w, item, key, &e->high);
        } else if (strcmp(key, "mode") == 0) {
            e->has_mode = number_at(w, item, key, &e->mode);
        } else if (strcmp(key, "dist") == 0) {
            const char *d = string_at(w, item, key);
            if (d && !(e->has_dist = gp_mc_dist_parse(d, &e->dist))) {
                gp_push_key(w->r, key);
                gp_report(w->r, "unknown distribution \"%s\": use \"uniform\" or \"triangular\"", d);
                gp_pop(w->r);
            }
        } else if (strcmp(key, "from") == 0) {
            from_at(w, item, &e->from);
        } else if (strcmp(key, "correlations") == 0) {
            corr = item;
        } else if (strcmp(key, "doc") == 0) {
            string_at(w, item, key);
        } else {
            const char *near = gp_nearest_name(key, entry_keys, NKEYS);
            gp_push_key(w->r, key);
            gp_report(w->r, "unknown key%s%s%s", near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
            gp_pop(w->r);
        }
    }
    if (e->path && e->param)
        gp_report(w->r, "give either path (a plan input) or param (a scenario's), not both");
    else if (!named)
        gp_report(w->r, "missing required field 'path' (a plan input) or 'param' (SCENARIO.PARAM)");
    if (e->param && cJSON_GetObjectItemCaseSensitive(obj, "from"))
        gp_report(w->r, "from applies to a plan input (path), not to a scenario param");
    if (e->path) {
        gp_push_key(w->r, "path");
        if (!resolve_path(w, e, e->path))
            e->field = NULL;
        gp_pop(w->r);
    }
    check_bounds(w, e);
    e->id = id ? id : e->path ? e->path : e->param ? e->param : "";
    if (corr)
        corr_at(w, corr, e->index);
}

/* After every entry: ids unique, each correlation naming another entry or a SCENARIO.PARAM, no pair twice. */
static void check_names(walk *w) {
    for (size_t i = 0; i < w->count; i++)
        for (size_t j = 0; j < i; j++)
            if (w->items[i].id[0] && strcmp(w->items[i].id, w->items[j].id) == 0) {
                gp_push_index(w->r, i);
                gp_report(w->r, "duplicate id \"%s\" (also ranges[%zu])", w->items[i].id, j);
                gp_pop(w->r);
            }
    for (size_t k = 0; k < w->ncorr; k++) {
        gp_mc_range_corr *c = &w->corr[k];
        const char *self = w->items[c->entry].id;
        gp_push_index(w->r, c->entry);
        gp_push_key(w->r, "correlations");
        gp_push_key(w->r, c->other);
        size_t found = w->count;
        for (size_t i = 0; i < w->count; i++)
            if (strcmp(w->items[i].id, c->other) == 0)
                found = i;
        if (strcmp(self, c->other) == 0) {
            gp_report(w->r, "an input cannot be correlated with itself");
        } else if (found == w->count && !param_name(c->other)) {
            const char *ids[GP_MC_RANGES_MAX];
            for (size_t i = 0; i < w->count; i++)
                ids[i] = w->items[i].id;
            const char *near = gp_nearest_name(c->other, ids, w->count);
            gp_report(w->r, "no range has the id \"%s\"%s%s%s (a scenario's param is named SCENARIO.PARAM)",
                      c->other, near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
        } else {
            const char *other_of_self = self;
            for (size_t j = 0; j < k; j++) {
                const gp_mc_range_corr *d = &w->corr[j];
                const char *dself = w->items[d->entry].id;
                if ((strcmp(dself, self) == 0 && strcmp(d->other, c->other) == 0) ||
                    (strcmp(dself, c->other) == 0 && strcmp(d->other, other_of_self) == 0))
                    gp_report(w->r, "the correlation of %s and %s is declared twice (also at ranges[%zu])", self,
                              c->other, d->entry);
            }
        }
        gp_pop(w->r);
        gp_pop(w->r);
        gp_pop(w->r);
    }
}

static void walk_ranges(walk *w, const cJSON *arr) {
    if (!cJSON_IsArray(arr)) {
        gp_report(w->r, "must be an array of ranges such as [{\"path\": \"england.nurses.leaver_rate\", "
                        "\"low\": 0.09, \"high\": 0.12}], got %s", gp_json_type_name(arr));
        return;
    }
    for (const cJSON *item = arr->child; item; item = item->next) {
        if (w->count == GP_MC_RANGES_MAX) {
            gp_report(w->r, "holds more than %d ranges", GP_MC_RANGES_MAX);
            return;
        }
        gp_push_index(w->r, w->count);
        read_entry(w, item, &w->items[w->count]);
        w->count++;
        gp_pop(w->r);
    }
    check_names(w);
}

void gp_mc_ranges_check(gp_reporter *r, const cJSON *item, const gp_plan *plan, bool resolve) {
    walk *w = calloc(1, sizeof *w);
    if (!w) {
        r->nomem = true;
        return;
    }
    w->r = r;
    w->plan = resolve ? plan : NULL;
    walk_ranges(w, item);
    free(w);
}

/* ---- loading for the tools ------------------------------------------------------------------- */

static gp_error keep_all(walk *w) {
    gp_mc_ranges *out = w->out;
    if (w->count && !(out->items = gp_arena_calloc(out->arena, w->count, sizeof *out->items)))
        return GP_ERR_NOMEM;
    if (w->ncorr && !(out->corr = gp_arena_calloc(out->arena, w->ncorr, sizeof *out->corr)))
        return GP_ERR_NOMEM;
    for (size_t i = 0; i < w->count; i++) {
        gp_mc_range *e = &out->items[i];
        *e = w->items[i];
        e->id = keep(w, e->id);
        e->path = e->path ? keep(w, e->path) : NULL;
        e->param = e->param ? keep(w, e->param) : NULL;
    }
    for (size_t k = 0; k < w->ncorr; k++) {
        out->corr[k] = w->corr[k];
        out->corr[k].other = keep(w, w->corr[k].other);
    }
    out->count = w->count;
    out->ncorr = w->ncorr;
    return w->r->nomem ? GP_ERR_NOMEM : GP_OK;
}

gp_error gp_mc_ranges_load(const gp_plan *plan, const char *data, size_t len, const char *file,
                           gp_mc_ranges **out, gp_diag *diag) {
    cJSON *root = NULL;
    walk *w = NULL;
    gp_reporter r;
    gp_mc_ranges *rs = NULL;
    gp_error err;

    *out = NULL;
    err = gp_json_parse_strict(data, len, file, &root, diag);
    if (err != GP_OK)
        goto fail;
    err = GP_ERR_NOMEM;
    rs = calloc(1, sizeof *rs);
    w = calloc(1, sizeof *w);
    if (!rs || !w || !(rs->arena = gp_arena_new()))
        goto fail;
    const cJSON *block = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "ranges") : NULL;
    if (block) {
        gp_reporter_init(&r, diag, file);
        w->r = &r;
        w->plan = plan;
        w->out = rs;
        gp_push_key(&r, "ranges");
        walk_ranges(w, block);
        gp_pop(&r);
        err = r.nomem ? GP_ERR_NOMEM : r.problems ? GP_ERR_INVALID : keep_all(w);
        if (err != GP_OK)
            goto fail;
    }
    free(w);
    cJSON_Delete(root);
    *out = rs;
    return GP_OK;

fail:
    if (err == GP_ERR_NOMEM)
        gp_diag_add(diag, file, 0, 0, NULL, "out of memory reading the ranges");
    free(w);
    cJSON_Delete(root);
    gp_mc_ranges_free(rs);
    return err;
}

void gp_mc_ranges_free(gp_mc_ranges *r) {
    if (!r)
        return;
    gp_arena_free(r->arena);
    free(r);
}

size_t gp_mc_ranges_count(const gp_mc_ranges *r) { return r->count; }
const gp_mc_range *gp_mc_ranges_get(const gp_mc_ranges *r, size_t i) { return &r->items[i]; }
size_t gp_mc_ranges_corr_count(const gp_mc_ranges *r) { return r->ncorr; }
const gp_mc_range_corr *gp_mc_ranges_corr(const gp_mc_ranges *r, size_t i) { return &r->corr[i]; }

const gp_mc_range *gp_mc_ranges_find(const gp_mc_ranges *r, const char *id) {
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->items[i].id, id) == 0)
            return &r->items[i];
    return NULL;
}

/* ---- applying ---------------------------------------------------------------------------------- */

/* The struct the range's field lives in. */
static void *block_of(const gp_mc_range *r, const gp_plan *plan) {
    gp_unit *u = &plan->units[r->unit];
    switch (r->block) {
    case BLOCK_GROUP: return &u->groups[r->group];
    case BLOCK_FINANCE: return u->finance;
    case BLOCK_CAPITAL: return &u->finance->capital;
    default: return u->backlog;
    }
}

double gp_mc_range_value(const gp_mc_range *r, const gp_plan *plan) {
    void *b = block_of(r, plan);
    return r->field->kind == GP_FIELD_SCHEDULE ? gp_field_schedule(r->field, b)[r->from] : *gp_field_number(r->field, b);
}

gp_error gp_mc_range_apply(const gp_mc_range *r, gp_plan *plan, double value, const char *file, gp_diag *diag) {
    void *b = block_of(r, plan);
    if (r->field->kind == GP_FIELD_NUMBER) {
        *gp_field_number(r->field, b) = value;
        return GP_OK;
    }
    double *x = gp_field_schedule(r->field, b);
    for (int t = r->from; t < plan->cal.months; t++)
        x[t] = value;
    if (r->block == BLOCK_GROUP && (x == ((gp_group *)b)->bank_fill || x == ((gp_group *)b)->agency_fill)) {
        const gp_group *g = b;
        int t = gp_fill_sum_excess(g->bank_fill, g->agency_fill, plan->cal.months);
        if (t >= 0) {
            char month[GP_LABEL_SIZE];
            gp_calendar_month_label(&plan->cal, t, month);
            gp_diag_add(diag, file, 0, 0, NULL, "ranges: %s = %g makes bank_fill + agency_fill %g in %s: "
                        "must be at most 1", r->id, value, g->bank_fill[t] + g->agency_fill[t], month);
            return GP_ERR_INVALID;
        }
    }
    return GP_OK;
}
