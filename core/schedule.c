/*
** core/schedule.c: JSON schedules checked and expanded to monthly values
** (schedule.h, MODEL.md §2 and §9).
**
** The loader expands about 100,000 schedules for the benchmark plan, so the
** common cases are kept cheap: a number is one fill loop; an object's keys are
** parsed once into (first period, value) pairs, sorted only when they are not
** already in time order (they usually are), and written out as one fill per
** key. Messages are only ever formatted for a schedule that has a problem.
*/
#include "schedule.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sched_key {
    int period;   /* first period the key applies to, from the plan's start (may be < 0) */
    double value;
} sched_key;

gp_label_kind gp_label_parse(const char *label, gp_month *first) {
    int fy;
    if (label[0] && label[1] && label[2] && label[3] && label[4] == '-') {
        return gp_month_parse(label, first) ? GP_LABEL_MONTH : GP_LABEL_BAD;
    }
    if (label[0] && label[1] && label[2] && label[3] && label[4] == '/' && gp_fy_parse(label, &fy)) {
        *first = gp_fy_first_month(fy);
        return GP_LABEL_FY;
    }
    return GP_LABEL_BAD;
}

/* True when s is `n` digits; their value in *v. */
static bool digits(const char *s, int n, int *v) {
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

void gp_label_problem(const char *label, bool month_only, char *buf, size_t size) {
    int year, part;
    bool shaped = strlen(label) == 7 && digits(label, 4, &year) && digits(label + 5, 2, &part);
    if (shaped && label[4] == '-') {
        if (year < GP_YEAR_MIN || year > GP_YEAR_MAX)
            snprintf(buf, size, "bad month label: the year must be %d to %d", GP_YEAR_MIN, GP_YEAR_MAX);
        else
            snprintf(buf, size, "bad month label: the month must be 01 to 12");
    } else if (shaped && label[4] == '/') {
        if (month_only)
            snprintf(buf, size, "must be a month label (YYYY-MM), not a financial year");
        else if (year < GP_YEAR_MIN || year > GP_YEAR_MAX)
            snprintf(buf, size, "bad FY label: the year must be %d to %d", GP_YEAR_MIN, GP_YEAR_MAX);
        else
            snprintf(buf, size, "bad FY label: the FY starting in April %d is %d/%02d", year, year,
                     (year + 1) % 100);
    } else if (month_only) {
        snprintf(buf, size, "bad month label: expected YYYY-MM, such as 2022-04");
    } else {
        snprintf(buf, size, "bad label: expected a month (YYYY-MM) or a financial year (YYYY/YY)");
    }
}

/* Report a value that is not a number, or check a number's range. */
static bool check_value(const cJSON *v, double min, double max, gp_reporter *r) {
    if (!cJSON_IsNumber(v)) {
        gp_report(r, "must be a number, got %s", gp_json_type_name(v));
        return false;
    }
    return gp_check_range(r, v->valuedouble, min, max);
}

static int key_cmp(const void *a, const void *b) {
    int pa = ((const sched_key *)a)->period, pb = ((const sched_key *)b)->period;
    return (pa > pb) - (pa < pb);
}

/* Write the step function of `keys` (sorted) into out[0..months-1]. */
static void expand_keys(const sched_key *keys, size_t n, int months, double *out) {
    int t = 0;
    for (size_t i = 0; i < n && t < months; i++) {
        int end = months;
        if (i + 1 < n)
            end = keys[i + 1].period < 0 ? 0 : keys[i + 1].period < months ? keys[i + 1].period : months;
        double v = keys[i].value;
        for (; t < end; t++)
            out[t] = v;
    }
}

static bool load_object(const cJSON *json, const gp_calendar *cal, double min, double max, gp_reporter *r,
                        double *out) {
    sched_key stack_keys[GP_SCHEDULE_STACK_KEYS], *keys = stack_keys;
    size_t n = 0, cap = GP_SCHEDULE_STACK_KEYS;
    bool ok = true, sorted = true, mixed = false;
    gp_label_kind kind = GP_LABEL_BAD;
    const char *first_label = NULL;
    const cJSON *item;

    if (!json->child) {
        gp_report(r, "empty schedule: give a number, or FY or month keys");
        return false;
    }
    for (item = json->child; item; item = item->next) {
        gp_month m = 0;
        gp_label_kind k = gp_label_parse(item->string, &m);
        gp_push_label(r, item->string);
        if (k == GP_LABEL_BAD) {
            char why[160];
            gp_label_problem(item->string, false, why, sizeof why);
            gp_report(r, "%s", why);
            ok = false;
        } else if (kind == GP_LABEL_BAD) {
            kind = k;
            first_label = item->string;
        } else if (k != kind && !mixed) {
            mixed = true;
            gp_pop(r);
            char a[GP_KEY_TEXT_SIZE], b[sizeof a];
            gp_key_text(first_label, a, sizeof a);
            gp_key_text(item->string, b, sizeof b);
            gp_report(r, "mixes %s keys (\"%s\") and %s keys (\"%s\"): use one kind",
                      kind == GP_LABEL_FY ? "FY" : "month", a, k == GP_LABEL_FY ? "FY" : "month", b);
            gp_push_label(r, item->string);
            ok = false;
        }
        if (!check_value(item, min, max, r))
            ok = false;
        gp_pop(r);
        if (!ok || !out)
            continue;
        if (n == cap) {
            sched_key *grown = malloc(2 * cap * sizeof *grown);
            if (!grown) {
                r->nomem = true;
                ok = false;
                continue;
            }
            memcpy(grown, keys, n * sizeof *keys);
            if (keys != stack_keys)
                free(keys);
            keys = grown;
            cap *= 2;
        }
        keys[n].period = m - cal->start;
        keys[n].value = item->valuedouble;
        if (n > 0 && keys[n].period < keys[n - 1].period)
            sorted = false;
        n++;
    }
    if (ok && out) {
        if (!sorted)
            qsort(keys, n, sizeof *keys, key_cmp);
        expand_keys(keys, n, cal->months, out);
    }
    if (keys != stack_keys)
        free(keys);
    return ok;
}

bool gp_schedule_load(const cJSON *json, const gp_calendar *cal, double min, double max, gp_reporter *r,
                      double *out) {
    if (cJSON_IsNumber(json)) {
        if (!gp_check_range(r, json->valuedouble, min, max))
            return false;
        if (out) {
            double v = json->valuedouble;
            for (int t = 0; t < cal->months; t++)
                out[t] = v;
        }
        return true;
    }
    if (cJSON_IsObject(json))
        return load_object(json, cal, min, max, r, out);
    gp_report(r, "must be a number or an object of FY or month keys, got %s", gp_json_type_name(json));
    return false;
}
