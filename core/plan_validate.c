/*
** core/plan_validate.c: re-checking a plan after plugins have edited it
** (gp_plan_validate, plan.h).
**
** A plugin works on the expanded monthly values, so a rate it pushes out of
** range is found here, in the horizon's months, against the same field tables
** the loader uses. Each schedule is reported at most once, at its first bad
** month: a rate pushed below zero from 2023-04 on is one problem to the user,
** not sixty messages.
*/
#include <string.h>

#include "nameset.h"
#include "plan_private.h"
#include "report.h"

typedef struct validator {
    gp_reporter r;
    const gp_calendar *cal;
} validator;

/* A schedule's values over the horizon: the first bad month is reported with its label in the path. */
static void check_schedule(validator *v, const double *s, double min, double max) {
    if (!s) {
        gp_report(&v->r, "has no values (a schedule was never set)");
        return;
    }
    for (int t = 0; t < v->cal->months; t++) {
        double x = s[t];
        if (x >= min && x <= max && isfinite(x))
            continue;
        char month[GP_LABEL_SIZE];
        gp_calendar_month_label(v->cal, t, month);
        gp_push_label(&v->r, month);
        gp_check_range(&v->r, x, min, max);
        gp_pop(&v->r);
        return;
    }
}

/* True when every month of schedule s is in [min, max]: the common case, checked before any path is built. */
static bool schedule_ok(const validator *v, const double *s, double min, double max) {
    if (!s)
        return false;
    for (int t = 0; t < v->cal->months; t++)
        if (!(s[t] >= min && s[t] <= max && isfinite(s[t])))
            return false;
    return true;
}

static void check_fields(validator *v, const gp_field_table *table, const void *block) {
    for (size_t i = 0; i < table->count; i++) {
        const gp_field *f = &table->fields[i];
        const char *p = (const char *)block + f->offset;
        /* A plugin's apply is validated after every run (mc: 10,000 times): a good schedule costs one pass. */
        if (f->kind == GP_FIELD_SCHEDULE && schedule_ok(v, *(double *const *)p, f->min, f->max))
            continue;
        gp_push_key(&v->r, f->name);
        switch (f->kind) {
        case GP_FIELD_SCHEDULE:
            check_schedule(v, *(double *const *)p, f->min, f->max);
            break;
        case GP_FIELD_NUMBER:
            gp_check_range(&v->r, *(const double *)p, f->min, f->max);
            break;
        case GP_FIELD_INTEGER:
            gp_check_range(&v->r, *(const int *)p, f->min, f->max);
            break;
        case GP_FIELD_BOOLEAN:
            break;
        }
        gp_pop(&v->r);
    }
}

/* Named lines: a non-empty unique name and amounts in range. */
static void check_lines(validator *v, const char *key, const gp_lines *lines, double min) {
    gp_nameset names;
    gp_push_key(&v->r, key);
    if (lines->count && !gp_nameset_init(&names, lines->count)) {
        gp_nameset_free(&names);
        v->r.nomem = true;
        gp_pop(&v->r);
        return;
    }
    for (size_t i = 0; i < lines->count; i++) {
        const gp_line *line = &lines->items[i];
        gp_push_index(&v->r, i);
        size_t first = line->name && line->name[0] ? gp_nameset_add(&names, line->name, i) : GP_NAMESET_NEW;
        char also[GP_PATH_TEXT_MAX] = "", shown[GP_KEY_TEXT_SIZE];
        if (first != GP_NAMESET_NEW) { /* the path of the first line of that name */
            gp_path other = v->r.path;
            if (other.depth <= GP_PATH_MAX_DEPTH)
                other.seg[other.depth - 1].index = first;
            gp_path_format(&other, also, sizeof also);
        }
        gp_push_key(&v->r, "name");
        if (!line->name || !line->name[0]) {
            gp_report(&v->r, "must not be empty");
        } else if (first != GP_NAMESET_NEW) {
            gp_key_text(line->name, shown, sizeof shown);
            gp_report(&v->r, "duplicate name \"%s\" (also %s)", shown, also);
        }
        gp_pop(&v->r);
        gp_push_key(&v->r, "amounts");
        check_schedule(v, line->amounts, min, HUGE_VAL);
        gp_pop(&v->r);
        gp_pop(&v->r);
    }
    if (lines->count)
        gp_nameset_free(&names);
    gp_pop(&v->r);
}

static void check_group(validator *v, const gp_group *g) {
    check_fields(v, &gp_group_fields, g);
    if (!g->bank_fill || !g->agency_fill)
        return;
    int t = gp_fill_sum_excess(g->bank_fill, g->agency_fill, v->cal->months);
    if (t >= 0) {
        char month[GP_LABEL_SIZE], sum[GP_NUMBER_TEXT_SIZE];
        gp_calendar_month_label(v->cal, t, month);
        gp_number_text_outside(g->bank_fill[t] + g->agency_fill[t], 0, 1 + GP_FILL_SUM_SLACK, sum, sizeof sum);
        gp_report(&v->r, "bank_fill + agency_fill is %s in %s: must be at most 1", sum, month);
    }
}

static void check_finance(validator *v, const gp_finance *fin) {
    check_fields(v, &gp_finance_fields, fin);
    check_lines(v, "funding", &fin->funding, GP_LINE_AMOUNT_MIN);
    check_lines(v, "pressures", &fin->pressures, GP_LINE_AMOUNT_MIN);
    gp_push_key(&v->r, "capital");
    check_fields(v, &gp_capital_fields, &fin->capital);
    check_lines(v, "schemes", &fin->capital.schemes, GP_SCHEME_AMOUNT_MIN);
    gp_pop(&v->r);
}

static void check_backlog(validator *v, const gp_backlog *bl) {
    double sum = 0;
    bool ok = true;
    check_fields(v, &gp_backlog_fields, bl);
    gp_push_key(&v->r, "wait_profile");
    for (int b = 0; b < GP_BUCKETS; b++) {
        gp_push_index(&v->r, (size_t)b);
        ok &= gp_check_range(&v->r, bl->wait_profile[b], 0, HUGE_VAL);
        gp_pop(&v->r);
        sum += bl->wait_profile[b];
    }
    if (ok && !(sum > 0 && isfinite(sum)))
        gp_report(&v->r, "the weights must have a positive, finite sum");
    gp_pop(&v->r);
}

/* A system's schedules (its members and lines are fixed when the plan is loaded). */
static void check_system(validator *v, const gp_system *sys) {
    if (sys->travel_share) {
        gp_push_key(&v->r, "shared_waiting_list");
        gp_push_key(&v->r, "travel_share");
        check_schedule(v, sys->travel_share, 0, 1);
        gp_pop(&v->r);
        gp_pop(&v->r);
    }
    if (sys->pool_share) {
        gp_push_key(&v->r, "pooled_funding");
        gp_push_key(&v->r, "share");
        check_schedule(v, sys->pool_share, 0, 1);
        gp_pop(&v->r);
        gp_pop(&v->r);
    }
}

gp_error gp_plan_validate(const gp_plan *plan, const char *file, gp_diag *diag) {
    validator v;
    if (!plan || !diag)
        return GP_ERR_ARGUMENT;
    gp_reporter_init(&v.r, diag, file);
    v.cal = &plan->cal;
    if (plan->cal.months < 1 || plan->cal.months > GP_MONTHS_MAX) {
        gp_push_key(&v.r, "months");
        gp_check_range(&v.r, plan->cal.months, 1, GP_MONTHS_MAX);
        gp_pop(&v.r);
        return GP_ERR_INVALID;
    }
    gp_push_key(&v.r, "units");
    for (size_t u = 0; u < plan->nunits; u++) {
        const gp_unit *unit = &plan->units[u];
        gp_push_index(&v.r, u);
        gp_push_key(&v.r, "groups");
        for (size_t g = 0; g < unit->ngroups; g++) {
            gp_push_index(&v.r, g);
            check_group(&v, &unit->groups[g]);
            gp_pop(&v.r);
        }
        gp_pop(&v.r);
        if (unit->finance) {
            gp_push_key(&v.r, "finance");
            check_finance(&v, unit->finance);
            gp_pop(&v.r);
        }
        if (unit->backlog) {
            gp_push_key(&v.r, "backlog");
            check_backlog(&v, unit->backlog);
            gp_pop(&v.r);
        }
        gp_pop(&v.r);
    }
    gp_pop(&v.r);
    gp_push_key(&v.r, "systems");
    for (size_t k = 0; k < plan->nsystems; k++) {
        gp_push_index(&v.r, k);
        check_system(&v, &plan->systems[k]);
        gp_pop(&v.r);
    }
    gp_pop(&v.r);
    return v.r.nomem ? GP_ERR_NOMEM : v.r.problems ? GP_ERR_INVALID : GP_OK;
}
