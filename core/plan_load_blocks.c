/*
** core/plan_load_blocks.c: the optional blocks of a unit: `finance` (with its
** named lines and `capital`) and `backlog` (with `wait_profile`), MODEL.md
** §4-§6 (plan_load.h).
*/
#include "plan_load.h"

#include <string.h>

#include "nameset.h"
#include "schedule.h"

static const char *const finance_keys[] = {"funding", "pressures", "capital"};
static const char *const capital_keys[] = {"schemes"};
static const char *const line_keys[] = {"name", "amounts"};
static const char *const backlog_keys[] = {"wait_profile"};

#define COUNT(a) (sizeof a / sizeof a[0])

/* The opening waiting list's weights when `wait_profile` is absent: 0.85^b (MODEL.md §6). */
#define GP_WAIT_PROFILE_DECAY 0.85

/* One `{name, amounts}` entry; the name is left NULL when it is missing or invalid. */
static void load_line(gp_loader *L, const cJSON *obj, gp_line *line, double min) {
    bool have_name = false, have_amounts = false;
    if (!gp_load_expect_object(L, obj))
        return;
    for (const cJSON *item = obj->child; item; item = item->next) {
        const char *key = item->string;
        if (strcmp(key, "name") == 0) {
            have_name = true;
            gp_push_key(&L->r, key);
            if (cJSON_IsNull(item))
                gp_load_null(L, false);
            else
                line->name = gp_load_string(L, item, true);
            gp_pop(&L->r);
        } else if (strcmp(key, "amounts") == 0) {
            have_amounts = true;
            line->amounts = gp_load_new_schedule(L);
            gp_push_key(&L->r, key);
            if (cJSON_IsNull(item))
                gp_load_null(L, false);
            else
                gp_schedule_load(item, line->amounts ? L->cal : NULL, min, HUGE_VAL, &L->r, line->amounts);
            gp_pop(&L->r);
        } else {
            gp_load_unknown_key(L, key, line_keys, COUNT(line_keys), NULL);
        }
    }
    if (!have_name)
        gp_report(&L->r, "missing required field 'name'");
    if (!have_amounts)
        gp_report(&L->r, "missing required field 'amounts'");
}

/* A list of named lines (`pressures`, `funding`, `schemes`); r's path is at the list. */
static void load_lines(gp_loader *L, const cJSON *arr, gp_lines *lines, double min) {
    gp_nameset names;
    size_t n = 0, i = 0;
    if (cJSON_IsNull(arr)) {
        gp_load_null(L, true);
        return;
    }
    if (!cJSON_IsArray(arr)) {
        gp_report(&L->r, "must be an array of {\"name\", \"amounts\"} objects, got %s", gp_json_type_name(arr));
        return;
    }
    for (const cJSON *item = arr->child; item; item = item->next)
        n++;
    if (n == 0)
        return;
    lines->items = gp_arena_calloc(L->plan->arena, n, sizeof *lines->items);
    if (!lines->items || !gp_nameset_init(&names, n)) {
        if (lines->items)
            gp_nameset_free(&names);
        L->r.nomem = true;
        return;
    }
    lines->count = lines->capacity = n;
    for (const cJSON *item = arr->child; item; item = item->next, i++) {
        gp_line *line = &lines->items[i];
        gp_push_index(&L->r, i);
        load_line(L, item, line, min);
        if (line->name) {
            size_t first = gp_nameset_add(&names, line->name, i);
            if (first != GP_NAMESET_NEW)
                gp_load_duplicate(L, "name", "name", line->name, first);
        }
        gp_pop(&L->r);
    }
    gp_nameset_free(&names);
}

/* `capital`: an envelope schedule (default 0) and schemes; r's path is at the block. */
static void load_capital(gp_loader *L, const cJSON *obj, gp_capital *cap) {
    gp_block_state st = {0, 0};
    if (obj && !gp_load_expect_object(L, obj))
        return;
    for (const cJSON *item = obj ? obj->child : NULL; item; item = item->next) {
        const char *key = item->string;
        if (strcmp(key, "schemes") == 0) {
            gp_push_key(&L->r, key);
            load_lines(L, item, &cap->schemes, GP_SCHEME_AMOUNT_MIN);
            gp_pop(&L->r);
        } else if (!gp_load_table_field(L, &gp_capital_fields, key, item, cap, &st)) {
            gp_load_unknown_key(L, key, capital_keys, COUNT(capital_keys), &gp_capital_fields);
        }
    }
    gp_load_finish_fields(L, &gp_capital_fields, cap, &st);
}

void gp_load_finance(gp_loader *L, const cJSON *obj, gp_finance *fin) {
    gp_block_state st = {0, 0};
    const cJSON *capital = NULL;
    for (const cJSON *item = obj->child; item; item = item->next) {
        const char *key = item->string;
        gp_lines *lines = strcmp(key, "funding") == 0 ? &fin->funding
                          : strcmp(key, "pressures") == 0 ? &fin->pressures
                                                          : NULL;
        if (lines) {
            gp_push_key(&L->r, key);
            load_lines(L, item, lines, GP_LINE_AMOUNT_MIN);
            gp_pop(&L->r);
        } else if (strcmp(key, "capital") == 0) {
            capital = item;
        } else if (!gp_load_table_field(L, &gp_finance_fields, key, item, fin, &st)) {
            gp_load_unknown_key(L, key, finance_keys, COUNT(finance_keys), &gp_finance_fields);
        }
    }
    gp_load_finish_fields(L, &gp_finance_fields, fin, &st);
    /* Capital is always present in a finance block: an absent one is an envelope of 0 and no schemes. */
    if (capital)
        gp_push_key(&L->r, "capital");
    load_capital(L, capital, &fin->capital);
    if (capital)
        gp_pop(&L->r);
}

/* `wait_profile`: 1..GP_BUCKETS non-negative weights with a positive sum. */
static void load_wait_profile(gp_loader *L, const cJSON *arr, gp_backlog *bl) {
    size_t n = 0;
    bool ok = true;
    double sum = 0;
    if (cJSON_IsNull(arr)) {
        gp_load_null(L, true);
        return;
    }
    if (!cJSON_IsArray(arr)) {
        gp_report(&L->r, "must be an array of 1 to %d weights, got %s", GP_BUCKETS, gp_json_type_name(arr));
        return;
    }
    for (const cJSON *item = arr->child; item; item = item->next)
        n++;
    if (n < 1 || n > GP_BUCKETS) {
        gp_report(&L->r, "must have 1 to %d weights (months waited 0 to %d), got %zu", GP_BUCKETS, GP_BUCKETS - 1,
                  n);
        return;
    }
    size_t b = 0;
    for (const cJSON *item = arr->child; item; item = item->next, b++) {
        gp_push_index(&L->r, b);
        if (!cJSON_IsNumber(item)) {
            gp_report(&L->r, "must be a number, got %s", gp_json_type_name(item));
            ok = false;
        } else if (!gp_check_range(&L->r, item->valuedouble, 0, HUGE_VAL)) {
            ok = false;
        } else {
            bl->wait_profile[b] = item->valuedouble;
            sum += item->valuedouble;
        }
        gp_pop(&L->r);
    }
    if (ok && !(sum > 0)) {
        gp_report(&L->r, "the weights must not all be 0");
        ok = false;
    }
    if (ok && !isfinite(sum)) {
        gp_report(&L->r, "the weights are too large: their sum is not a finite number");
        ok = false;
    }
    bl->wait_profile_given = ok;
}

void gp_load_backlog(gp_loader *L, const cJSON *obj, gp_backlog *bl) {
    gp_block_state st = {0, 0};
    bool profile = false;
    for (const cJSON *item = obj->child; item; item = item->next) {
        const char *key = item->string;
        if (strcmp(key, "wait_profile") == 0) {
            profile = true;
            gp_push_key(&L->r, key);
            load_wait_profile(L, item, bl);
            gp_pop(&L->r);
        } else if (!gp_load_table_field(L, &gp_backlog_fields, key, item, bl, &st)) {
            gp_load_unknown_key(L, key, backlog_keys, COUNT(backlog_keys), &gp_backlog_fields);
        }
    }
    gp_load_finish_fields(L, &gp_backlog_fields, bl, &st);
    if (!profile) {
        double w = 1;
        for (int b = 0; b < GP_BUCKETS; b++, w *= GP_WAIT_PROFILE_DECAY)
            bl->wait_profile[b] = w;
        bl->wait_profile_given = false;
    }
}
