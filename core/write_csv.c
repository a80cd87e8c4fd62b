/*
** core/write_csv.c: the result as one tidy long table (output.h):
**
**   unit,group,block,series,period,value
**
** For each unit in input order, then `all_units`: each staff group and the
** `total` (block workforce), then finance, pressures, funding and backlog
** (group empty); then each system of the plan (unit = the system's id, blocks
** system_finance and system_backlog: its members' sums, POOL and MOVED).
** For each series of a block: its monthly rows ("2022-04"),
** then its annual rows ("2022/23"), then for a stock its FY means as
** "<name>_mean" rows. `unit` and `group` are ids; for pressure and funding
** lines `series` is the line's name.
**
** Fields are quoted as RFC 4180 requires (a comma, quote, CR or LF inside;
** quotes doubled), and a text field that starts with =, +, - or @ gets a
** leading single quote so a spreadsheet never runs it as a formula (an id may
** start with '-'; a line's name may be anything). Values are numbers in the
** shortest text that reads back exactly, never guarded, and empty if not
** finite. Lines end with LF: the table is for analysts' tools, all of which
** read it, and LF keeps `cut` and `grep` simple.
*/
#include "gapplan/output.h"

#include <errno.h>
#include <stdlib.h>

#include "gapplan/calendar.h"
#include "textout.h"

/* The fixed start of every row of one series (its first four fields), built once a series. */
typedef struct row_prefix {
    char *text;
    size_t len, cap;
    bool nomem;
} row_prefix;

static void prefix_add(row_prefix *p, const char *s, size_t n) {
    if (p->nomem)
        return;
    if (p->len + n + 1 > p->cap) {
        size_t cap = p->cap ? p->cap : 256;
        while (cap < p->len + n + 1)
            cap *= 2;
        char *grown = realloc(p->text, cap);
        if (!grown) {
            p->nomem = true;
            return;
        }
        p->text = grown;
        p->cap = cap;
    }
    memcpy(p->text + p->len, s, n);
    p->len += n;
    p->text[p->len] = '\0';
}

/* One text field and its comma, quoted and guarded as the file's comment says; `suffix` is appended to it. */
static void prefix_field(row_prefix *p, const char *s, const char *suffix) {
    bool guard = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        prefix_add(p, "\"", 1);
    if (guard)
        prefix_add(p, "'", 1);
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        prefix_add(p, s, (size_t)(q - s) + 1); /* up to and with the quote, */
        prefix_add(p, "\"", 1);                /* which is doubled */
    }
    prefix_add(p, s, strlen(s));
    prefix_add(p, suffix, strlen(suffix));
    if (quote)
        prefix_add(p, "\"", 1);
    prefix_add(p, ",", 1);
}

/* Labels of every month and FY, made once for all rows. */
typedef struct period_labels {
    char (*months)[GP_LABEL_SIZE];
    char (*fys)[GP_LABEL_SIZE];
} period_labels;

static void put_rows(gp_textout *t, const row_prefix *p, char (*labels)[GP_LABEL_SIZE], const double *v,
                     int n) {
    for (int i = 0; i < n; i++) {
        gp_textout_write(t, p->text, p->len);
        gp_textout_write(t, labels[i], strlen(labels[i]));
        gp_textout_char(t, ',');
        gp_textout_double(t, v[i]);
        gp_textout_char(t, '\n');
    }
}

/* Every row of one block. Returns false when out of memory. */
static bool put_block(gp_textout *t, const period_labels *lab, const char *unit, const char *group,
                      const char *block, const gp_block *b) {
    row_prefix p = {0};
    for (size_t s = 0; s < b->nseries && !p.nomem; s++) {
        const char *series = b->series[s].name;
        p.len = 0;
        prefix_field(&p, unit, "");
        prefix_field(&p, group, "");
        prefix_field(&p, block, "");
        prefix_field(&p, series, "");
        if (p.nomem)
            break;
        put_rows(t, &p, lab->months, gp_block_monthly(b, s), b->months);
        put_rows(t, &p, lab->fys, gp_block_annual(b, s), b->nfys);
        if (b->series[s].agg == GP_AGG_STOCK && b->mean) {
            p.len = 0;
            prefix_field(&p, unit, "");
            prefix_field(&p, group, "");
            prefix_field(&p, block, "");
            prefix_field(&p, series, "_mean");
            if (p.nomem)
                break;
            put_rows(t, &p, lab->fys, gp_block_mean(b, s), b->nfys);
        }
    }
    free(p.text);
    return !p.nomem;
}

static bool put_unit(gp_textout *t, const period_labels *lab, const char *unit, const gp_unit_result *u) {
    for (size_t g = 0; g <= u->ngroups; g++) {
        const gp_block *b = &u->groups[g];
        const char *group = b->id ? b->id : (g == u->ngroups ? "total" : "");
        if (!put_block(t, lab, unit, group, "workforce", b))
            return false;
    }
    if (u->finance && !put_block(t, lab, unit, "", "finance", u->finance))
        return false;
    if (u->pressures && !put_block(t, lab, unit, "", "pressures", u->pressures))
        return false;
    if (u->funding && !put_block(t, lab, unit, "", "funding", u->funding))
        return false;
    if (u->backlog && !put_block(t, lab, unit, "", "backlog", u->backlog))
        return false;
    return true;
}

gp_error gp_result_write_csv(const gp_result *res, FILE *out) {
    period_labels lab = {NULL, NULL};
    gp_textout *t = NULL;
    gp_error err = GP_ERR_NOMEM;
    const gp_calendar *cal;

    if (!res || !out)
        return GP_ERR_ARGUMENT;
    cal = &res->cal;
    t = malloc(sizeof *t);
    lab.months = malloc((size_t)(cal->months > 0 ? cal->months : 1) * sizeof *lab.months);
    lab.fys = malloc((size_t)(cal->nfys > 0 ? cal->nfys : 1) * sizeof *lab.fys);
    if (!t || !lab.months || !lab.fys)
        goto fail;
    for (int m = 0; m < cal->months; m++)
        gp_calendar_month_label(cal, m, lab.months[m]);
    for (int f = 0; f < cal->nfys; f++)
        gp_calendar_fy_label(cal, f, lab.fys[f]);

    gp_textout_init(t, out);
    gp_textout_puts(t, "unit,group,block,series,period,value\n");
    for (size_t u = 0; u < res->nunits; u++) {
        const gp_unit_result *ur = &res->units[u];
        if (!put_unit(t, &lab, ur->id ? ur->id : "", ur))
            goto fail;
    }
    if (!put_unit(t, &lab, "all_units", &res->all_units))
        goto fail;
    for (size_t k = 0; k < res->nsystems; k++) {
        const gp_system_result *sr = &res->systems[k];
        const char *id = sr->id ? sr->id : "";
        if (sr->finance && !put_block(t, &lab, id, "", "system_finance", sr->finance))
            goto fail;
        if (sr->backlog && !put_block(t, &lab, id, "", "system_backlog", sr->backlog))
            goto fail;
    }
    err = gp_textout_finish(t);

fail:;
    int saved = errno;
    free(t);
    free(lab.months);
    free(lab.fys);
    errno = saved;
    return err;
}
