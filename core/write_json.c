/*
** core/write_json.c: the result file (DESIGN.md "Result file", MODEL.md §9
** "Result JSON").
**
** Layout, keys in this order:
**   gapplan, version, plan, provenance {plan_file, plan_sha256, command, seconds?},
**   scenarios [{id, title, source, file, sha256, params, seed?, metrics?}], months, fys,
**   partial_fys, units [{id, name, groups [...], finance, backlog}],
**   all_units {groups, finance, backlog}, systems? [{id, name, units, finance, backlog}]
** where a group is {id, name, monthly {series: [...]}, annual {series: [...],
** <stock>_mean: [...]}}, a finance block adds pressures and funding lines
** [{name, monthly, annual}], and members that are unknown (NULL provenance,
** a unit without finance or backlog) are left out rather than written null.
** `systems` is written only when the plan has systems; a unit in a system has
** its transfers (pooled_out, pooled_in, moved_out, aid_given) as series of
** its finance and backlog, so a plan without systems writes what it always did.
**
** The structure is indented two spaces a level for people reading it; the
** number arrays, which are nearly all of the bytes, sit on one line each.
** Everything is streamed through a gp_textout: nothing is built in memory, so
** writing a 1,000-unit result needs no more than the output buffer.
*/
#include "gapplan/output.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "gapplan/calendar.h"
#include "gapplan/text.h"
#include "gapplan/version.h"
#include "json_out.h"
#include "textout.h"

/* "monthly": {...} for every series of a block. */
static void put_monthly(gp_textout *t, const gp_block *b, int level) {
    gp_jw_plain_key(t, "monthly");
    gp_textout_char(t, '{');
    for (size_t s = 0; s < b->nseries; s++) {
        if (s)
            gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        gp_jw_key(t, b->series[s].name);
        gp_jw_numbers(t, gp_block_monthly(b, s), b->months);
    }
    gp_jw_nl(t, level);
    gp_textout_char(t, '}');
}

/* "annual": {...}: each series' FY figures, and for a stock its FY means as "<name>_mean". */
static void put_annual(gp_textout *t, const gp_block *b, int level) {
    gp_jw_plain_key(t, "annual");
    gp_textout_char(t, '{');
    for (size_t s = 0; s < b->nseries; s++) {
        if (s)
            gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        gp_jw_key(t, b->series[s].name);
        gp_jw_numbers(t, gp_block_annual(b, s), b->nfys);
        if (b->series[s].agg == GP_AGG_STOCK && b->mean) {
            gp_textout_char(t, ',');
            gp_jw_nl(t, level + 1);
            gp_textout_char(t, '"');
            gp_jw_escaped(t, b->series[s].name);
            gp_textout_write(t, "_mean\": ", 8);
            gp_jw_numbers(t, gp_block_mean(b, s), b->nfys);
        }
    }
    gp_jw_nl(t, level);
    gp_textout_char(t, '}');
}

/* {"monthly": {...}, "annual": {...}} for a finance or backlog block, without the closing brace. */
static void open_block(gp_textout *t, const gp_block *b, int level) {
    gp_textout_char(t, '{');
    gp_jw_nl(t, level + 1);
    put_monthly(t, b, level + 1);
    gp_textout_char(t, ',');
    gp_jw_nl(t, level + 1);
    put_annual(t, b, level + 1);
}

/* A staff group (or a `total`): id, name, monthly, annual. */
static void put_group(gp_textout *t, const gp_block *b, bool is_total, int level) {
    const char *id = b->id ? b->id : (is_total ? "total" : "");
    const char *name = b->name ? b->name : (is_total ? "Total" : id);
    gp_textout_char(t, '{');
    gp_jw_nl(t, level + 1);
    gp_jw_plain_key(t, "id");
    gp_jw_string(t, id);
    gp_textout_char(t, ',');
    gp_jw_nl(t, level + 1);
    gp_jw_plain_key(t, "name");
    gp_jw_string(t, name);
    gp_textout_char(t, ',');
    gp_jw_nl(t, level + 1);
    put_monthly(t, b, level + 1);
    gp_textout_char(t, ',');
    gp_jw_nl(t, level + 1);
    put_annual(t, b, level + 1);
    gp_jw_nl(t, level);
    gp_textout_char(t, '}');
}

/* "groups": [...], the unit's groups then its total. */
static void put_groups(gp_textout *t, const gp_unit_result *u, int level) {
    gp_jw_plain_key(t, "groups");
    gp_textout_char(t, '[');
    for (size_t g = 0; g <= u->ngroups; g++) {
        if (g)
            gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        put_group(t, &u->groups[g], g == u->ngroups, level + 1);
    }
    gp_jw_nl(t, level);
    gp_textout_char(t, ']');
}

/* "pressures" or "funding": one {name, monthly, annual} a line, one line each. */
static void put_lines(gp_textout *t, const char *key, const gp_block *b, int level) {
    gp_jw_plain_key(t, key);
    gp_textout_char(t, '[');
    size_t n = b ? b->nseries : 0;
    for (size_t s = 0; s < n; s++) {
        if (s)
            gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        gp_textout_write(t, "{\"name\": ", 9);
        gp_jw_string(t, b->series[s].name);
        gp_textout_write(t, ", \"monthly\": ", 13);
        gp_jw_numbers(t, gp_block_monthly(b, s), b->months);
        gp_textout_write(t, ", \"annual\": ", 12);
        gp_jw_numbers(t, gp_block_annual(b, s), b->nfys);
        gp_textout_char(t, '}');
    }
    if (n)
        gp_jw_nl(t, level);
    gp_textout_char(t, ']');
}

/* ,"finance": {...} and ,"backlog": {...} when the unit (or all_units) has them. */
static void put_unit_blocks(gp_textout *t, const gp_unit_result *u, int level) {
    if (u->finance) {
        gp_textout_char(t, ',');
        gp_jw_nl(t, level);
        gp_jw_plain_key(t, "finance");
        open_block(t, u->finance, level);
        gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        put_lines(t, "pressures", u->pressures, level + 1);
        gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        put_lines(t, "funding", u->funding, level + 1);
        gp_jw_nl(t, level);
        gp_textout_char(t, '}');
    }
    if (u->backlog) {
        gp_textout_char(t, ',');
        gp_jw_nl(t, level);
        gp_jw_plain_key(t, "backlog");
        open_block(t, u->backlog, level);
        gp_jw_nl(t, level);
        gp_textout_char(t, '}');
    }
}

static void put_unit(gp_textout *t, const gp_unit_result *u, int level) {
    const char *id = u->id ? u->id : "";
    gp_textout_char(t, '{');
    gp_jw_nl(t, level + 1);
    gp_jw_plain_key(t, "id");
    gp_jw_string(t, id);
    gp_textout_char(t, ',');
    gp_jw_nl(t, level + 1);
    gp_jw_plain_key(t, "name");
    gp_jw_string(t, u->name ? u->name : id);
    gp_textout_char(t, ',');
    gp_jw_nl(t, level + 1);
    put_groups(t, u, level + 1);
    put_unit_blocks(t, u, level + 1);
    gp_jw_nl(t, level);
    gp_textout_char(t, '}');
}

/* ,"key": "value" when value is known. */
static void put_member(gp_textout *t, bool *first, const char *key, const char *value) {
    if (!value)
        return;
    if (!*first)
        gp_textout_write(t, ", ", 2);
    *first = false;
    gp_jw_plain_key(t, key);
    gp_jw_string(t, value);
}

static void put_provenance(gp_textout *t, const gp_run_info *info) {
    bool first = true;
    gp_jw_plain_key(t, "provenance");
    gp_textout_char(t, '{');
    if (info) {
        put_member(t, &first, "plan_file", info->plan_file);
        put_member(t, &first, "plan_sha256", info->plan_sha256);
        put_member(t, &first, "command", info->command_line);
        if (info->has_seconds && isfinite(info->seconds)) {
            if (!first)
                gp_textout_write(t, ", ", 2);
            first = false;
            gp_jw_plain_key(t, "seconds");
            gp_textout_double(t, info->seconds);
        }
    }
    gp_textout_char(t, '}');
}

/* , "metrics": {"name": {"unit": "", "doc": "", "value": x | "annual": [...]}}: one line each. */
static void put_metrics(gp_textout *t, const gp_metric_value *m, size_t n) {
    gp_textout_write(t, ", ", 2);
    gp_jw_plain_key(t, "metrics");
    gp_textout_char(t, '{');
    for (size_t i = 0; i < n; i++) {
        bool first = true;
        if (i)
            gp_textout_write(t, ", ", 2);
        gp_jw_key(t, m[i].name);
        gp_textout_char(t, '{');
        put_member(t, &first, "unit", m[i].unit);
        put_member(t, &first, "doc", m[i].doc);
        if (!first)
            gp_textout_write(t, ", ", 2);
        if (m[i].annual) {
            gp_jw_plain_key(t, "annual");
            gp_jw_numbers(t, m[i].annual, (int)m[i].nannual);
        } else {
            gp_jw_plain_key(t, "value");
            if (!gp_textout_double(t, m[i].value))
                gp_textout_write(t, "null", 4);
        }
        gp_textout_char(t, '}');
    }
    gp_textout_char(t, '}');
}

/* One scenario on one line; params hold their JSON text as given. */
static void put_scenario(gp_textout *t, const gp_scenario_info *sc) {
    bool first = true;
    gp_textout_char(t, '{');
    put_member(t, &first, "id", sc->id);
    put_member(t, &first, "title", sc->title);
    put_member(t, &first, "source", sc->source);
    put_member(t, &first, "file", sc->file);
    put_member(t, &first, "sha256", sc->sha256);
    if (sc->nuses) { /* only when use() ran another scenario: results of other runs are as they were */
        gp_textout_write(t, ", ", 2);
        gp_jw_plain_key(t, "uses");
        gp_textout_char(t, '[');
        for (size_t i = 0; i < sc->nuses; i++) {
            bool inner = true;
            gp_textout_write(t, i ? ", {" : "{", i ? 3 : 1);
            put_member(t, &inner, "id", sc->uses[i].id);
            put_member(t, &inner, "file", sc->uses[i].file);
            put_member(t, &inner, "sha256", sc->uses[i].sha256);
            gp_textout_char(t, '}');
        }
        gp_textout_char(t, ']');
    }
    if (!first)
        gp_textout_write(t, ", ", 2);
    gp_jw_plain_key(t, "params");
    gp_textout_char(t, '{');
    for (size_t i = 0; i < sc->nparams; i++) {
        if (i)
            gp_textout_write(t, ", ", 2);
        gp_jw_key(t, sc->params[i].name);
        gp_textout_puts(t, sc->params[i].json ? sc->params[i].json : "null");
    }
    gp_textout_char(t, '}');
    if (sc->has_seed) {
        char seed[32];
        int n = snprintf(seed, sizeof seed, ", \"seed\": %lld", sc->seed);
        gp_textout_write(t, seed, (size_t)n);
    }
    if (sc->nmetrics)
        put_metrics(t, sc->metrics, sc->nmetrics);
    gp_textout_char(t, '}');
}

/* "scenarios": [...], one scenario a line, the array's items at `level` + 1. */
static void put_scenarios(gp_textout *t, const gp_run_info *info, int level) {
    size_t n = info ? info->nscenarios : 0;
    gp_jw_plain_key(t, "scenarios");
    gp_textout_char(t, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        put_scenario(t, &info->scenarios[i]);
    }
    if (n)
        gp_jw_nl(t, level);
    gp_textout_char(t, ']');
}

/* "months", "fys" and "partial_fys": arrays of labels. */
static void put_calendar(gp_textout *t, const gp_calendar *cal) {
    char label[GP_LABEL_SIZE];
    bool first = true;

    gp_jw_plain_key(t, "months");
    gp_textout_char(t, '[');
    for (int m = 0; m < cal->months; m++) {
        if (m)
            gp_textout_char(t, ',');
        gp_calendar_month_label(cal, m, label);
        gp_jw_string(t, label);
    }
    gp_textout_write(t, "],", 2);
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, "fys");
    gp_textout_char(t, '[');
    for (int f = 0; f < cal->nfys; f++) {
        if (f)
            gp_textout_char(t, ',');
        gp_calendar_fy_label(cal, f, label);
        gp_jw_string(t, label);
    }
    gp_textout_write(t, "],", 2);
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, "partial_fys");
    gp_textout_char(t, '[');
    for (int f = 0; f < cal->nfys; f++) {
        if (!gp_calendar_fy_partial(cal, f))
            continue;
        if (!first)
            gp_textout_char(t, ',');
        first = false;
        gp_calendar_fy_label(cal, f, label);
        gp_jw_string(t, label);
    }
    gp_textout_char(t, ']');
}

/* A system: id, name, units (its members' ids), then its finance and backlog sums as a unit's. */
static void put_system(gp_textout *t, const gp_system_result *sr, int level) {
    gp_textout_char(t, '{');
    gp_jw_nl(t, level + 1);
    gp_jw_plain_key(t, "id");
    gp_jw_string(t, sr->id ? sr->id : "");
    gp_textout_char(t, ',');
    gp_jw_nl(t, level + 1);
    gp_jw_plain_key(t, "name");
    gp_jw_string(t, sr->name ? sr->name : "");
    gp_textout_char(t, ',');
    gp_jw_nl(t, level + 1);
    gp_jw_plain_key(t, "units");
    gp_jw_strings(t, sr->members, sr->nmembers);
    if (sr->finance) {
        gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        gp_jw_plain_key(t, "finance");
        open_block(t, sr->finance, level + 1);
        gp_jw_nl(t, level + 1);
        gp_textout_char(t, '}');
    }
    if (sr->backlog) {
        gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        gp_jw_plain_key(t, "backlog");
        open_block(t, sr->backlog, level + 1);
        gp_jw_nl(t, level + 1);
        gp_textout_char(t, '}');
    }
    gp_jw_nl(t, level);
    gp_textout_char(t, '}');
}

/* ,"systems": [...] when the plan has systems (a plan without has no such member). */
static void put_systems(gp_textout *t, const gp_result *res, int level) {
    if (!res->nsystems)
        return;
    gp_textout_char(t, ',');
    gp_jw_nl(t, level);
    gp_jw_plain_key(t, "systems");
    gp_textout_char(t, '[');
    for (size_t k = 0; k < res->nsystems; k++) {
        if (k)
            gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        put_system(t, &res->systems[k], level + 1);
    }
    gp_jw_nl(t, level);
    gp_textout_char(t, ']');
}

/* "units": [...], "all_units": {...} and "systems": [...] of one result, members at `level`. */
static void put_results(gp_textout *t, const gp_result *res, int level) {
    gp_jw_plain_key(t, "units");
    gp_textout_char(t, '[');
    for (size_t u = 0; u < res->nunits; u++) {
        if (u)
            gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        put_unit(t, &res->units[u], level + 1);
    }
    gp_jw_nl(t, level);
    gp_textout_write(t, "],", 2);
    gp_jw_nl(t, level);
    gp_jw_plain_key(t, "all_units");
    gp_textout_char(t, '{');
    gp_jw_nl(t, level + 1);
    put_groups(t, &res->all_units, level + 1);
    put_unit_blocks(t, &res->all_units, level + 1);
    gp_jw_nl(t, level);
    gp_textout_char(t, '}');
    put_systems(t, res, level);
}

/* The members every document opens with: gapplan, version, plan, provenance; each followed by a comma. */
static void put_head(gp_textout *t, const gp_run_info *info) {
    gp_textout_char(t, '{');
    gp_jw_nl(t, 1);
    gp_textout_puts(t, "\"gapplan\": 1,");
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, "version");
    gp_jw_string(t, GP_VERSION);
    gp_textout_char(t, ',');
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, "plan");
    if (info && info->plan_name)
        gp_jw_string(t, info->plan_name);
    else
        gp_textout_write(t, "null", 4);
    gp_textout_char(t, ',');
    gp_jw_nl(t, 1);
    put_provenance(t, info);
    gp_textout_char(t, ',');
    gp_jw_nl(t, 1);
}

/* Flush and free the writer, keeping the errno of a failed write for the caller's message. */
static gp_error finish(gp_textout *t) {
    gp_error err = gp_textout_finish(t);
    int saved = errno;
    free(t);
    errno = saved;
    return err;
}

gp_error gp_result_write_json(const gp_result *res, const gp_run_info *info, FILE *out) {
    gp_textout *t;

    if (!res || !out)
        return GP_ERR_ARGUMENT;
    t = malloc(sizeof *t);
    if (!t)
        return GP_ERR_NOMEM;
    gp_textout_init(t, out);

    put_head(t, info);
    put_scenarios(t, info, 1);
    gp_textout_char(t, ',');
    gp_jw_nl(t, 1);
    put_calendar(t, &res->cal);
    gp_textout_char(t, ',');
    gp_jw_nl(t, 1);
    put_results(t, res, 1);
    gp_jw_nl(t, 0);
    gp_textout_write(t, "}\n", 2);
    return finish(t);
}

gp_error gp_compare_write_json(const gp_named_run *runs, size_t nruns, FILE *out) {
    gp_textout *t;

    if (!runs || nruns == 0 || !out)
        return GP_ERR_ARGUMENT;
    for (size_t i = 1; i < nruns; i++)
        if (runs[i].result->cal.start != runs[0].result->cal.start ||
            runs[i].result->cal.months != runs[0].result->cal.months)
            return GP_ERR_ARGUMENT;
    t = malloc(sizeof *t);
    if (!t)
        return GP_ERR_NOMEM;
    gp_textout_init(t, out);

    put_head(t, runs[0].info);
    put_calendar(t, &runs[0].result->cal);
    gp_textout_char(t, ',');
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, "runs");
    gp_textout_char(t, '[');
    for (size_t i = 0; i < nruns; i++) {
        if (i)
            gp_textout_char(t, ',');
        gp_jw_nl(t, 2);
        gp_textout_char(t, '{');
        gp_jw_nl(t, 3);
        gp_jw_plain_key(t, "name");
        gp_jw_string(t, runs[i].name);
        gp_textout_char(t, ',');
        gp_jw_nl(t, 3);
        put_scenarios(t, runs[i].info, 3);
        gp_textout_char(t, ',');
        gp_jw_nl(t, 3);
        put_results(t, runs[i].result, 3);
        gp_jw_nl(t, 2);
        gp_textout_char(t, '}');
    }
    gp_jw_nl(t, 1);
    gp_textout_char(t, ']');
    gp_jw_nl(t, 0);
    gp_textout_write(t, "}\n", 2);
    return finish(t);
}
