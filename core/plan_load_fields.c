/*
** core/plan_load_fields.c: the loader's field helpers (plan_load.h): one
** value read as its field table says (schedule, number, integer, boolean),
** defaults for absent fields, and the messages for nulls, wrong types,
** unknown keys and duplicates that every block shares.
*/
#include <string.h>

#include "gapplan/text.h"
#include "plan_load.h"
#include "schedule.h"

void gp_load_null(gp_loader *L, bool optional) {
    if (optional)
        gp_report(&L->r, "null is not allowed: leave the key out to use the default");
    else
        gp_report(&L->r, "null is not allowed: this field is required");
}

bool gp_load_expect_object(gp_loader *L, const cJSON *item) {
    if (cJSON_IsObject(item))
        return true;
    if (cJSON_IsNull(item))
        gp_load_null(L, true);
    else
        gp_report(&L->r, "must be an object, got %s", gp_json_type_name(item));
    return false;
}

char *gp_load_string(gp_loader *L, const cJSON *item, bool nonempty) {
    if (cJSON_IsNull(item)) {
        gp_load_null(L, true);
        return NULL;
    }
    if (!cJSON_IsString(item)) {
        gp_report(&L->r, "must be a string, got %s", gp_json_type_name(item));
        return NULL;
    }
    if (nonempty && !item->valuestring[0]) {
        gp_report(&L->r, "must not be empty");
        return NULL;
    }
    char *s = gp_plan_strdup(L->plan, item->valuestring);
    if (!s)
        L->r.nomem = true;
    return s;
}

double *gp_load_new_schedule(gp_loader *L) {
    if (!L->cal)
        return NULL;
    /* Not zeroed: every caller fills it whole, or the load fails and the plan is dropped. */
    double *s = gp_arena_alloc(L->plan->arena, (size_t)L->cal->months * sizeof *s);
    if (!s)
        L->r.nomem = true;
    return s;
}

bool gp_load_number(gp_loader *L, const cJSON *item, double min, double max, bool integer, double *out) {
    if (!cJSON_IsNumber(item)) {
        gp_report(&L->r, "must be a number, got %s", gp_json_type_name(item));
        return false;
    }
    double x = item->valuedouble;
    if (integer && isfinite(x) && x != floor(x)) {
        char got[GP_NUMBER_TEXT_SIZE];
        gp_number_text(x, got, sizeof got);
        gp_report(&L->r, "must be a whole number, got %s", got);
        return false;
    }
    if (!gp_check_range(&L->r, x, min, max))
        return false;
    *out = x;
    return true;
}

/* Read `item` as field f into `block`; true when valid. */
static bool load_field(gp_loader *L, const gp_field *f, const cJSON *item, void *block) {
    double x;
    if (cJSON_IsNull(item)) {
        gp_load_null(L, !f->required);
        return false;
    }
    switch (f->kind) {
    case GP_FIELD_SCHEDULE: {
        double *out = gp_load_new_schedule(L);
        *(double **)((char *)block + f->offset) = out;
        return gp_schedule_load(item, out ? L->cal : NULL, f->min, f->max, &L->r, out) && out;
    }
    case GP_FIELD_NUMBER:
        return gp_load_number(L, item, f->min, f->max, false, gp_field_number(f, block));
    case GP_FIELD_INTEGER:
        if (!gp_load_number(L, item, f->min, f->max, true, &x))
            return false;
        *(int *)((char *)block + f->offset) = (int)x;
        return true;
    case GP_FIELD_BOOLEAN:
        if (!cJSON_IsBool(item)) {
            gp_report(&L->r, "must be true or false, got %s", gp_json_type_name(item));
            return false;
        }
        *(bool *)((char *)block + f->offset) = cJSON_IsTrue(item);
        return true;
    }
    return false;
}

bool gp_load_table_field(gp_loader *L, const gp_field_table *table, const char *key, const cJSON *item,
                         void *block, gp_block_state *st) {
    const gp_field *f = gp_field_find(table, key);
    if (!f)
        return false;
    uint32_t bit = UINT32_C(1) << (f - table->fields);
    st->seen |= bit;
    gp_push_key(&L->r, key);
    if (load_field(L, f, item, block))
        st->valid |= bit;
    gp_pop(&L->r);
    return true;
}

void gp_load_finish_fields(gp_loader *L, const gp_field_table *table, void *block, gp_block_state *st) {
    for (size_t i = 0; i < table->count; i++) {
        const gp_field *f = &table->fields[i];
        uint32_t bit = UINT32_C(1) << i;
        if (st->seen & bit)
            continue;
        if (f->required) {
            gp_report(&L->r, "missing required field '%s'", f->name);
            continue;
        }
        switch (f->kind) {
        case GP_FIELD_SCHEDULE: {
            double *out = gp_load_new_schedule(L);
            *(double **)((char *)block + f->offset) = out;
            if (out) {
                gp_fill(out, L->cal->months, f->default_value);
                st->valid |= bit;
            }
            break;
        }
        case GP_FIELD_NUMBER:
            *gp_field_number(f, block) = f->default_value;
            st->valid |= bit;
            break;
        case GP_FIELD_INTEGER:
            *(int *)((char *)block + f->offset) = (int)f->default_value;
            st->valid |= bit;
            break;
        case GP_FIELD_BOOLEAN:
            *(bool *)((char *)block + f->offset) = f->default_value != 0;
            st->valid |= bit;
            break;
        }
    }
}

bool gp_block_valid(const gp_field_table *table, const gp_block_state *st, const char *name) {
    const gp_field *f = gp_field_find(table, name);
    return f && (st->valid & (UINT32_C(1) << (f - table->fields)));
}

void gp_load_unknown_key(gp_loader *L, const char *key, const char *const *extra, size_t nextra,
                         const gp_field_table *table) {
    const char *known[GP_LOAD_MAX_FIELDS + 8];
    size_t n = 0;
    for (size_t i = 0; i < nextra; i++)
        known[n++] = extra[i];
    for (size_t i = 0; table && i < table->count; i++)
        known[n++] = table->fields[i].name;

    const char *near = gp_nearest_name(key, known, n);
    if (near) {
        gp_push_key(&L->r, key);
        gp_report(&L->r, "unknown key; did you mean %s?", near);
        gp_pop(&L->r);
        return;
    }
    char shown[GP_KEY_TEXT_SIZE];
    gp_key_text(key, shown, sizeof shown);
    if (n > GP_LOAD_LIST_KEYS_MAX) {
        gp_report(&L->r, "unknown key '%s'", shown);
        return;
    }
    char list[GP_LOAD_LIST_KEYS_MAX * 24] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", known[i]);
    gp_report(&L->r, "unknown key '%s'; known keys: %s", shown, list);
}

void gp_load_duplicate(gp_loader *L, const char *key, const char *what, const char *name, size_t first) {
    char also[GP_PATH_TEXT_MAX], shown[GP_KEY_TEXT_SIZE];
    gp_path other = L->r.path;
    int top = other.depth - 1;
    if (top >= 0 && top < GP_PATH_MAX_DEPTH && other.seg[top].kind == GP_SEG_INDEX)
        other.seg[top].index = first;
    gp_path_format(&other, also, sizeof also);
    gp_key_text(name, shown, sizeof shown);
    gp_push_key(&L->r, key);
    gp_report(&L->r, "duplicate %s \"%s\" (also %s)", what, shown, also);
    gp_pop(&L->r);
}
