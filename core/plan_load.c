/*
** core/plan_load.c: reading a plan file and building the plan from its JSON
** (plan.h): the file, the top level, units and staff groups;
** plan_load_fields.c and plan_load_blocks.c hold the rest (plan_load.h).
**
** gp_json_parse_strict() has already refused anything that is not strict JSON
** (syntax, duplicate keys, invalid UTF-8, overflowing numbers, deep nesting).
** What is checked here is the meaning: the keys each object may hold, types,
** ranges, required fields, ids, labels. The walk reports every problem and
** goes on; the plan is built as it goes, in the arena, and thrown away whole
** if anything was wrong.
*/
#include "plan_load.h"

#include <stdlib.h>
#include <string.h>

#include "gapplan/file.h"
#include "gapplan/text.h"
#include "json_strict.h"
#include "mc_ranges.h"
#include "nameset.h"
#include "schedule.h"

/* The format version this gapplan reads (the `gapplan` key). */
#define GP_FORMAT_VERSION 1

static const char *const top_keys[] = {"gapplan", "name", "description", "start", "months", "units", "ranges",
                                       "systems"};
static const char *const unit_keys[] = {"id", "name", "description", "groups", "finance", "backlog"};
static const char *const group_keys[] = {"id", "name", "description"};

#define COUNT(a) (sizeof a / sizeof a[0])

/* ---- ids, groups, units ------------------------------------------------------------ */

/* An id value: a string of [a-z0-9_-], 1..GP_ID_MAX bytes. r's path is at the id. */
char *gp_load_id(gp_loader *L, const cJSON *item) {
    if (cJSON_IsNull(item)) {
        gp_load_null(L, false);
        return NULL;
    }
    if (!cJSON_IsString(item)) {
        gp_report(&L->r, "must be a string, got %s", gp_json_type_name(item));
        return NULL;
    }
    if (!gp_id_valid(item->valuestring)) {
        char shown[GP_KEY_TEXT_SIZE];
        gp_key_text(item->valuestring, shown, sizeof shown);
        gp_report(&L->r, "invalid id \"%s\": use 1 to %d characters of a-z, 0-9, _ and -", shown, GP_ID_MAX);
        return NULL;
    }
    char *s = gp_plan_strdup(L->plan, item->valuestring);
    if (!s)
        L->r.nomem = true;
    return s;
}

/* Read id, name or description of a unit or group; false when `key` is none of them. */
static bool load_common(gp_loader *L, const char *key, const cJSON *item, char **id, char **name,
                        char **description) {
    char **dst;
    if (strcmp(key, "id") == 0)
        dst = id;
    else if (strcmp(key, "name") == 0)
        dst = name;
    else if (strcmp(key, "description") == 0)
        dst = description;
    else
        return false;
    gp_push_key(&L->r, key);
    *dst = dst == id ? gp_load_id(L, item) : gp_load_string(L, item, false);
    gp_pop(&L->r);
    return true;
}

/* A name defaults to the id, a description to "": neither is ever NULL in a loaded plan. */
static void default_names(gp_loader *L, char **id, char **name, char **description, bool id_seen) {
    if (!id_seen)
        gp_report(&L->r, "missing required field 'id'");
    if (!*name)
        *name = *id ? *id : "";
    if (!*description)
        *description = "";
}

/* The bank and agency fills of a group together cover at most the whole gap, in every period. */
static void check_fill_sum(gp_loader *L, const gp_group *g, const gp_block_state *st) {
    if (!L->cal || !gp_block_valid(&gp_group_fields, st, "bank_fill") ||
        !gp_block_valid(&gp_group_fields, st, "agency_fill"))
        return;
    int t = gp_fill_sum_excess(g->bank_fill, g->agency_fill, L->cal->months);
    if (t < 0)
        return;
    char month[GP_LABEL_SIZE], sum[GP_NUMBER_TEXT_SIZE];
    gp_calendar_month_label(L->cal, t, month);
    gp_number_text_outside(g->bank_fill[t] + g->agency_fill[t], 0, 1 + GP_FILL_SUM_SLACK, sum, sizeof sum);
    gp_report(&L->r, "bank_fill + agency_fill is %s in %s: must be at most 1", sum, month);
}

static void load_group(gp_loader *L, const cJSON *obj, gp_group *g) {
    gp_block_state st = {0, 0};
    bool id_seen = false;
    if (!gp_load_expect_object(L, obj))
        return;
    for (const cJSON *item = obj->child; item; item = item->next) {
        const char *key = item->string;
        if (load_common(L, key, item, &g->id, &g->name, &g->description)) {
            id_seen |= strcmp(key, "id") == 0;
            continue;
        }
        if (!gp_load_table_field(L, &gp_group_fields, key, item, g, &st))
            gp_load_unknown_key(L, key, group_keys, COUNT(group_keys), &gp_group_fields);
    }
    default_names(L, &g->id, &g->name, &g->description, id_seen);
    gp_load_finish_fields(L, &gp_group_fields, g, &st);
    if (g->id && strcmp(g->id, "total") == 0) {
        gp_push_key(&L->r, "id");
        gp_report(&L->r, "the id \"total\" is reserved for the unit's total: choose another");
        gp_pop(&L->r);
        g->id = NULL; /* not a candidate for duplicates */
    }
    check_fill_sum(L, g, &st);
}

static void load_groups(gp_loader *L, const cJSON *arr, gp_unit *u) {
    gp_nameset ids;
    size_t n = 0, i = 0;
    if (cJSON_IsNull(arr)) {
        gp_load_null(L, false);
        return;
    }
    if (!cJSON_IsArray(arr)) {
        gp_report(&L->r, "must be an array of staff groups, got %s", gp_json_type_name(arr));
        return;
    }
    for (const cJSON *item = arr->child; item; item = item->next)
        n++;
    if (n == 0) {
        gp_report(&L->r, "must have at least one staff group");
        return;
    }
    u->groups = gp_arena_calloc(L->plan->arena, n, sizeof *u->groups);
    if (!u->groups || !gp_nameset_init(&ids, n)) {
        if (u->groups)
            gp_nameset_free(&ids);
        L->r.nomem = true;
        return;
    }
    u->ngroups = n;
    for (const cJSON *item = arr->child; item; item = item->next, i++) {
        gp_group *g = &u->groups[i];
        gp_push_index(&L->r, i);
        load_group(L, item, g);
        if (g->id) {
            size_t first = gp_nameset_add(&ids, g->id, i);
            if (first != GP_NAMESET_NEW)
                gp_load_duplicate(L, "id", "id", g->id, first);
        }
        gp_pop(&L->r);
    }
    gp_nameset_free(&ids);
}

/* A finance or backlog block: allocated zeroed in the arena, then read. */
static void *new_block(gp_loader *L, size_t size) {
    void *p = gp_arena_calloc(L->plan->arena, 1, size);
    if (!p)
        L->r.nomem = true;
    return p;
}

static void load_unit(gp_loader *L, const cJSON *obj, gp_unit *u) {
    const cJSON *groups = NULL;
    bool id_seen = false;
    if (!gp_load_expect_object(L, obj))
        return;
    for (const cJSON *item = obj->child; item; item = item->next) {
        const char *key = item->string;
        if (load_common(L, key, item, &u->id, &u->name, &u->description)) {
            id_seen |= strcmp(key, "id") == 0;
        } else if (strcmp(key, "groups") == 0) {
            groups = item;
            gp_push_key(&L->r, key);
            load_groups(L, item, u);
            gp_pop(&L->r);
        } else if (strcmp(key, "finance") == 0 || strcmp(key, "backlog") == 0) {
            bool fin = key[0] == 'f';
            gp_push_key(&L->r, key);
            if (gp_load_expect_object(L, item)) {
                if (fin && (u->finance = new_block(L, sizeof *u->finance)))
                    gp_load_finance(L, item, u->finance);
                else if (!fin && (u->backlog = new_block(L, sizeof *u->backlog)))
                    gp_load_backlog(L, item, u->backlog);
            }
            gp_pop(&L->r);
        } else {
            gp_load_unknown_key(L, key, unit_keys, COUNT(unit_keys), NULL);
        }
    }
    default_names(L, &u->id, &u->name, &u->description, id_seen);
    if (!groups)
        gp_report(&L->r, "missing required field 'groups'");
}

static void load_units(gp_loader *L, const cJSON *arr) {
    gp_plan *plan = L->plan;
    gp_nameset ids;
    size_t n = 0, i = 0;
    if (cJSON_IsNull(arr)) {
        gp_load_null(L, false);
        return;
    }
    if (!cJSON_IsArray(arr)) {
        gp_report(&L->r, "must be an array of units, got %s", gp_json_type_name(arr));
        return;
    }
    for (const cJSON *item = arr->child; item; item = item->next)
        n++;
    if (n == 0) {
        gp_report(&L->r, "must have at least one unit");
        return;
    }
    plan->units = gp_arena_calloc(plan->arena, n, sizeof *plan->units);
    if (!plan->units || !gp_nameset_init(&ids, n)) {
        if (plan->units)
            gp_nameset_free(&ids);
        L->r.nomem = true;
        return;
    }
    plan->nunits = n;
    for (const cJSON *item = arr->child; item && !L->r.nomem; item = item->next, i++) {
        gp_unit *u = &plan->units[i];
        gp_push_index(&L->r, i);
        load_unit(L, item, u);
        if (u->id) {
            size_t first = gp_nameset_add(&ids, u->id, i);
            if (first != GP_NAMESET_NEW)
                gp_load_duplicate(L, "id", "id", u->id, first);
        }
        gp_pop(&L->r);
    }
    gp_nameset_free(&ids);
}

/* ---- the top level ---------------------------------------------------------------- */

static void load_version(gp_loader *L, const cJSON *item) {
    double v;
    gp_push_key(&L->r, "gapplan");
    if (cJSON_IsNull(item))
        gp_load_null(L, false);
    else if (!cJSON_IsNumber(item))
        gp_report(&L->r, "must be the format version %d, got %s", GP_FORMAT_VERSION, gp_json_type_name(item));
    else if ((v = item->valuedouble) != GP_FORMAT_VERSION) {
        char got[GP_NUMBER_TEXT_SIZE];
        gp_number_text(v, got, sizeof got);
        gp_report(&L->r, "unsupported format version %s: this gapplan reads version %d", got,
                  GP_FORMAT_VERSION);
    }
    gp_pop(&L->r);
}

static bool load_start(gp_loader *L, const cJSON *item, gp_month *start) {
    bool ok = false;
    gp_push_key(&L->r, "start");
    if (cJSON_IsNull(item)) {
        gp_load_null(L, false);
    } else if (!cJSON_IsString(item)) {
        gp_report(&L->r, "must be a month label such as \"2022-04\", got %s", gp_json_type_name(item));
    } else if (!gp_month_parse(item->valuestring, start)) {
        char why[160], shown[GP_KEY_TEXT_SIZE];
        gp_label_problem(item->valuestring, true, why, sizeof why);
        gp_key_text(item->valuestring, shown, sizeof shown);
        gp_report(&L->r, "%s, got \"%s\"", why, shown);
    } else {
        ok = true;
    }
    gp_pop(&L->r);
    return ok;
}

static bool load_months(gp_loader *L, const cJSON *item, int *months) {
    double x = 0;
    bool ok;
    gp_push_key(&L->r, "months");
    if (cJSON_IsNull(item)) {
        gp_load_null(L, false);
        ok = false;
    } else {
        ok = gp_load_number(L, item, 1, GP_MONTHS_MAX, true, &x);
    }
    gp_pop(&L->r);
    *months = (int)x;
    return ok;
}

static void load_plan(gp_loader *L, const cJSON *root) {
    gp_plan *plan = L->plan;
    const cJSON *version = NULL, *start = NULL, *months = NULL, *units = NULL, *ranges = NULL, *systems = NULL;
    if (!cJSON_IsObject(root)) {
        gp_report(&L->r, "the plan must be a JSON object, got %s", gp_json_type_name(root));
        return;
    }
    for (const cJSON *item = root->child; item; item = item->next) {
        const char *key = item->string;
        if (strcmp(key, "gapplan") == 0)
            version = item;
        else if (strcmp(key, "start") == 0)
            start = item;
        else if (strcmp(key, "months") == 0)
            months = item;
        else if (strcmp(key, "units") == 0)
            units = item;
        else if (strcmp(key, "ranges") == 0) /* uncertain inputs for the uncertainty tools (mc_ranges.c) */
            ranges = item;
        else if (strcmp(key, "systems") == 0) /* units planning together (plan_load_systems.c) */
            systems = item;
        else if (strcmp(key, "name") == 0 || strcmp(key, "description") == 0) {
            gp_push_key(&L->r, key);
            *(key[0] == 'n' ? &plan->name : &plan->description) = gp_load_string(L, item, false);
            gp_pop(&L->r);
        } else
            gp_load_unknown_key(L, key, top_keys, COUNT(top_keys), NULL);
    }
    if (!plan->name)
        plan->name = "";
    if (!plan->description)
        plan->description = "";

    gp_month first = 0;
    int nmonths = 0;
    bool have_start = false, have_months = false;
    if (version)
        load_version(L, version);
    else
        gp_report(&L->r, "missing required field 'gapplan'");
    if (start)
        have_start = load_start(L, start, &first);
    else
        gp_report(&L->r, "missing required field 'start'");
    if (months)
        have_months = load_months(L, months, &nmonths);
    else
        gp_report(&L->r, "missing required field 'months'");
    if (have_start && have_months) {
        gp_calendar_init(&plan->cal, first, nmonths);
        L->cal = &plan->cal;
    }
    if (units) {
        gp_push_key(&L->r, "units");
        load_units(L, units);
        gp_pop(&L->r);
    } else {
        gp_report(&L->r, "missing required field 'units'");
    }
    if (systems) {
        /* Unit ids and funding lines are resolved only against units that loaded cleanly, as ranges are. */
        bool resolve = !L->r.problems && !L->r.nomem;
        gp_push_key(&L->r, "systems");
        gp_load_systems(L, systems, resolve);
        gp_pop(&L->r);
    }
    if (ranges) {
        /* Paths are resolved only against units that loaded cleanly, so a broken unit is not reported twice. */
        bool resolve = L->cal && !L->r.problems && !L->r.nomem;
        gp_push_key(&L->r, "ranges");
        gp_mc_ranges_check(&L->r, ranges, plan, resolve);
        gp_pop(&L->r);
    }
}

gp_error gp_plan_load_buffer(const char *data, size_t len, const char *name, gp_plan **out, gp_diag *diag) {
    gp_diag own;
    gp_error err;
    cJSON *root = NULL;
    gp_plan *plan = NULL;
    gp_loader L;

    if (!out || (!data && len))
        return GP_ERR_ARGUMENT;
    *out = NULL;
    if (!name)
        name = "plan";
    if (!diag) {
        gp_diag_init(&own);
        diag = &own;
    }
    err = gp_json_parse_strict(data ? data : "", len, name, &root, diag);
    if (err != GP_OK)
        goto fail;
    plan = gp_plan_new_empty();
    if (!plan || !(plan->file = gp_plan_strdup(plan, name))) {
        err = GP_ERR_NOMEM;
        goto fail;
    }
    memset(&L, 0, sizeof L);
    gp_reporter_init(&L.r, diag, name);
    L.plan = plan;
    load_plan(&L, root);
    err = L.r.nomem ? GP_ERR_NOMEM : L.r.problems ? GP_ERR_INVALID : GP_OK;
    if (err != GP_OK)
        goto fail;
    cJSON_Delete(root);
    if (diag == &own)
        gp_diag_free(&own);
    *out = plan;
    return GP_OK;

fail:
    if (err == GP_ERR_NOMEM)
        gp_diag_add(diag, name, 0, 0, NULL, "out of memory while loading the plan");
    cJSON_Delete(root);
    gp_plan_free(plan);
    if (diag == &own)
        gp_diag_free(&own);
    return err;
}

/* ---- the file ------------------------------------------------------------------------ */


gp_error gp_plan_load_file(const char *path, gp_plan **out, gp_diag *diag) {
    char *data = NULL;
    size_t len = 0;
    gp_diag own;
    gp_error err;
    if (!path || !out)
        return GP_ERR_ARGUMENT;
    *out = NULL;
    if (!diag) {
        gp_diag_init(&own);
        diag = &own;
    }
    err = gp_read_file_all(path, GP_JSON_MAX_BYTES, &data, &len, diag);
    if (err == GP_OK)
        err = gp_plan_load_buffer(data, len, path, out, diag);
    free(data);
    if (diag == &own)
        gp_diag_free(&own);
    return err;
}
