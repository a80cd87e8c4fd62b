/*
** core/mc_json.c: the Monte Carlo summary as JSON (gp_mc_write_json in mc.h).
**
** Laid out as a result file (DESIGN.md "Result file") so a reader that
** finds `units[0].groups[0].monthly.vacancies` in a run's output finds it at
** the same place here, as an object {p5, p10, p50, p90, p95, mean} of arrays
** instead of one array. Only the headline series are there. Nothing that
** depends on the machine (threads, run time) is written: the same plan,
** scenarios, iterations and seed give the same bytes.
*/
#include "mc_private.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "gapplan/version.h"
#include "json_out.h"
#include "textout.h"

/* {"p5": [...], ..., "mean": [...]} of n values from stats(stat). */
static void put_stats(gp_textout *t, const gp_mc_summary *s, const gp_mc_series *se, bool annual, int level) {
    gp_textout_char(t, '{');
    for (int st = 0; st < GP_MC_STATS; st++) {
        if (st)
            gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        gp_jw_plain_key(t, gp_mc_stat_name(st));
        if (annual)
            gp_jw_numbers(t, se->annual + (size_t)st * (size_t)s->cal.nfys, s->cal.nfys);
        else
            gp_jw_numbers(t, s->stats + (size_t)st * s->ncells + se->month_cell, s->cal.months);
    }
    gp_jw_nl(t, level);
    gp_textout_char(t, '}');
}

/* "monthly": {...}, "annual": {...} of one block's series. */
static void put_periods(gp_textout *t, const gp_mc_summary *s, const gp_mc_block *b, int level) {
    for (int a = 0; a < 2; a++) {
        if (a)
            gp_textout_char(t, ',');
        gp_jw_nl(t, level);
        gp_jw_plain_key(t, a ? "annual" : "monthly");
        gp_textout_char(t, '{');
        for (size_t k = b->first; k < b->first + b->count; k++) {
            if (k > b->first)
                gp_textout_char(t, ',');
            gp_jw_nl(t, level + 1);
            gp_jw_plain_key(t, s->series[k].name);
            put_stats(t, s, &s->series[k], a == 1, level + 1);
        }
        gp_jw_nl(t, level);
        gp_textout_char(t, '}');
    }
}

static void put_block(gp_textout *t, const gp_mc_summary *s, const gp_mc_block *b, int level) {
    gp_textout_char(t, '{');
    if (b->id) {
        gp_jw_nl(t, level + 1);
        gp_jw_plain_key(t, "id");
        gp_jw_string(t, b->id);
        gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        gp_jw_plain_key(t, "name");
        gp_jw_string(t, b->name);
        gp_textout_char(t, ',');
    }
    put_periods(t, s, b, level + 1);
    gp_jw_nl(t, level);
    gp_textout_char(t, '}');
}

/*
** A unit's (or all units') groups, finance and backlog, or a system's member
** ids, finance and backlog; the id and name but for all units.
*/
static void put_unit(gp_textout *t, const gp_mc_summary *s, const gp_mc_unit *u, bool named, int level) {
    gp_textout_char(t, '{');
    if (named) {
        gp_jw_nl(t, level + 1);
        gp_jw_plain_key(t, "id");
        gp_jw_string(t, u->id);
        gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        gp_jw_plain_key(t, "name");
        gp_jw_string(t, u->name);
        gp_textout_char(t, ',');
    }
    gp_jw_nl(t, level + 1);
    if (u->members) {
        gp_jw_plain_key(t, "units");
        gp_jw_strings(t, u->members, u->nmembers);
    } else {
        gp_jw_plain_key(t, "groups");
        gp_textout_char(t, '[');
        for (size_t b = 0; b < u->ngroups; b++) {
            if (b)
                gp_textout_char(t, ',');
            gp_jw_nl(t, level + 2);
            put_block(t, s, &u->blocks[b], level + 2);
        }
        gp_jw_nl(t, level + 1);
        gp_textout_char(t, ']');
    }
    for (size_t b = u->ngroups; b < u->nblocks; b++) {
        gp_textout_char(t, ',');
        gp_jw_nl(t, level + 1);
        gp_jw_plain_key(t, u->blocks[b].kind == GP_MC_KIND_FINANCE ? "finance" : "backlog");
        put_block(t, s, &u->blocks[b], level + 1);
    }
    gp_jw_nl(t, level);
    gp_textout_char(t, '}');
}

/* "key": [...] of the summary's entries first .. first + n - 1 (units or systems), on a new line. */
static void put_unit_list(gp_textout *t, const gp_mc_summary *s, const char *key, size_t first, size_t n) {
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, key);
    gp_textout_char(t, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            gp_textout_char(t, ',');
        gp_jw_nl(t, 2);
        put_unit(t, s, &s->units[first + i], true, 2);
    }
    gp_jw_nl(t, 1);
    gp_textout_char(t, ']');
}

static void put_number_member(gp_textout *t, const char *key, double v) {
    gp_jw_plain_key(t, key);
    if (!gp_textout_double(t, v))
        gp_textout_puts(t, "null");
}

/* "monte_carlo": {iterations, seed, inputs [...], correlations [...]} */
static void put_mc(gp_textout *t, const gp_mc_summary *s, const gp_mc_info *info) {
    char num[32];
    gp_jw_plain_key(t, "monte_carlo");
    gp_textout_char(t, '{');
    gp_jw_nl(t, 2);
    snprintf(num, sizeof num, "%zu", s->iterations);
    gp_jw_plain_key(t, "iterations");
    gp_textout_puts(t, num);
    gp_textout_char(t, ',');
    gp_jw_nl(t, 2);
    snprintf(num, sizeof num, "%" PRIu64, info->seed);
    gp_jw_plain_key(t, "seed");
    gp_textout_puts(t, num);
    gp_textout_char(t, ',');
    gp_jw_nl(t, 2);
    gp_jw_plain_key(t, "percentiles");
    gp_jw_string(t, "linear interpolation between order statistics");
    gp_textout_char(t, ',');
    gp_jw_nl(t, 2);
    gp_jw_plain_key(t, "inputs");
    gp_textout_char(t, '[');
    size_t n = info->sampler ? gp_mc_sampler_count(info->sampler) : 0;
    for (size_t i = 0; i < n; i++) {
        const gp_mc_input *in = gp_mc_sampler_input(info->sampler, i);
        gp_textout_char(t, i ? ',' : ' ');
        gp_jw_nl(t, 3);
        gp_textout_char(t, '{');
        gp_jw_plain_key(t, "name");
        gp_jw_string(t, in->name);
        gp_textout_write(t, ", ", 2);
        gp_jw_plain_key(t, "kind");
        gp_jw_string(t, in->range ? "plan" : "scenario");
        gp_textout_write(t, ", ", 2);
        gp_jw_plain_key(t, "dist");
        gp_jw_string(t, gp_mc_dist_name(in->dist));
        gp_textout_write(t, ", ", 2);
        put_number_member(t, "low", in->low);
        if (in->dist == GP_MC_TRIANGULAR) {
            gp_textout_write(t, ", ", 2);
            put_number_member(t, "mode", in->mode);
        }
        gp_textout_write(t, ", ", 2);
        put_number_member(t, "high", in->high);
        gp_textout_char(t, '}');
    }
    if (n)
        gp_jw_nl(t, 2);
    gp_textout_write(t, "],", 2);
    gp_jw_nl(t, 2);
    gp_jw_plain_key(t, "correlations");
    gp_textout_char(t, '[');
    for (size_t k = 0; k < info->ncorr; k++) {
        const gp_mc_corr *c = &info->corr[k];
        gp_textout_char(t, k ? ',' : ' ');
        gp_jw_nl(t, 3);
        gp_textout_char(t, '{');
        gp_jw_plain_key(t, "between");
        gp_textout_char(t, '[');
        gp_jw_string(t, gp_mc_sampler_input(info->sampler, c->a)->name);
        gp_textout_write(t, ", ", 2);
        gp_jw_string(t, gp_mc_sampler_input(info->sampler, c->b)->name);
        gp_textout_write(t, "], ", 3);
        put_number_member(t, "rank", c->rank);
        gp_textout_char(t, '}');
    }
    if (info->ncorr)
        gp_jw_nl(t, 2);
    gp_textout_char(t, ']');
    gp_jw_nl(t, 1);
    gp_textout_char(t, '}');
}

/* The head: format, version, plan, provenance, scenarios with their files' hashes. */
static void put_head(gp_textout *t, const gp_run_info *run) {
    gp_textout_puts(t, "{");
    gp_jw_nl(t, 1);
    gp_textout_puts(t, "\"gapplan\": 1,");
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, "version");
    gp_jw_string(t, GP_VERSION);
    gp_textout_char(t, ',');
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, "plan");
    gp_jw_string(t, run && run->plan_name ? run->plan_name : "");
    gp_textout_char(t, ',');
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, "provenance");
    gp_textout_char(t, '{');
    const char *keys[3] = {"plan_file", "plan_sha256", "command"};
    const char *vals[3] = {run ? run->plan_file : NULL, run ? run->plan_sha256 : NULL, run ? run->command_line : NULL};
    bool first = true;
    for (int k = 0; k < 3; k++)
        if (vals[k]) {
            if (!first)
                gp_textout_write(t, ", ", 2);
            first = false;
            gp_jw_plain_key(t, keys[k]);
            gp_jw_string(t, vals[k]);
        }
    gp_textout_write(t, "},", 2);
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, "scenarios");
    gp_textout_char(t, '[');
    for (size_t i = 0; run && i < run->nscenarios; i++) {
        const gp_scenario_info *sc = &run->scenarios[i];
        gp_textout_char(t, i ? ',' : ' ');
        gp_jw_nl(t, 2);
        gp_textout_char(t, '{');
        gp_jw_plain_key(t, "id");
        gp_jw_string(t, sc->id ? sc->id : "");
        if (sc->file) {
            gp_textout_write(t, ", ", 2);
            gp_jw_plain_key(t, "file");
            gp_jw_string(t, sc->file);
        }
        if (sc->sha256) {
            gp_textout_write(t, ", ", 2);
            gp_jw_plain_key(t, "sha256");
            gp_jw_string(t, sc->sha256);
        }
        gp_textout_write(t, ", ", 2);
        gp_jw_plain_key(t, "params");
        gp_textout_char(t, '{');
        for (size_t p = 0; p < sc->nparams; p++) {
            if (p)
                gp_textout_write(t, ", ", 2);
            gp_jw_key(t, sc->params[p].name);
            gp_textout_puts(t, sc->params[p].json);
        }
        gp_textout_write(t, "}}", 2);
    }
    if (run && run->nscenarios)
        gp_jw_nl(t, 1);
    gp_textout_write(t, "],", 2);
}

/* "months": [...], "fys": [...], "partial_fys": [...] */
static void put_calendar(gp_textout *t, const gp_calendar *cal) {
    char label[GP_LABEL_SIZE];
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, "months");
    gp_textout_char(t, '[');
    for (int m = 0; m < cal->months; m++) {
        gp_calendar_month_label(cal, m, label);
        if (m)
            gp_textout_char(t, ',');
        gp_jw_string(t, label);
    }
    gp_textout_write(t, "],", 2);
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, "fys");
    gp_textout_char(t, '[');
    for (int f = 0; f < cal->nfys; f++) {
        gp_calendar_fy_label(cal, f, label);
        if (f)
            gp_textout_char(t, ',');
        gp_jw_string(t, label);
    }
    gp_textout_write(t, "],", 2);
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, "partial_fys");
    gp_textout_char(t, '[');
    bool first = true;
    for (int f = 0; f < cal->nfys; f++)
        if (gp_calendar_fy_partial(cal, f)) {
            gp_calendar_fy_label(cal, f, label);
            if (!first)
                gp_textout_char(t, ',');
            first = false;
            gp_jw_string(t, label);
        }
    gp_textout_write(t, "],", 2);
}

gp_error gp_mc_write_json(const gp_mc_summary *s, const gp_mc_info *info, FILE *out) {
    gp_textout *t = malloc(sizeof *t);
    if (!t) {
        errno = ENOMEM;
        return GP_ERR_IO;
    }
    gp_textout_init(t, out);
    put_head(t, info->run);
    gp_jw_nl(t, 1);
    put_mc(t, s, info);
    gp_textout_char(t, ',');
    put_calendar(t, &s->cal);
    put_unit_list(t, s, "units", 0, s->nunits);
    gp_textout_char(t, ',');
    gp_jw_nl(t, 1);
    gp_jw_plain_key(t, "all_units");
    put_unit(t, s, &s->units[s->nunits], false, 1);
    if (s->nsystems) { /* as in a run's result: each system's members' sums, after the transfers */
        gp_textout_char(t, ',');
        put_unit_list(t, s, "systems", s->nunits + 1, s->nsystems);
    }
    gp_textout_puts(t, "\n}\n");
    gp_error err = gp_textout_finish(t);
    free(t);
    return err;
}
