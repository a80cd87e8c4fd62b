/*
** core/model.c: running the model over a plan, whole or step by step
** (model.h).
**
** One function, compute(), does both: it computes periods t0..t1 of every
** unit, group after group (each group's series stay in cache while they are
** added to the unit's total and to all_units, and checked), then the unit's
** total, finance and waiting list, then the all_units rates. A whole run is
** compute(0, months - 1); a stepped run calls it once per step, and the
** kernels carry what the next period needs, so both give the same bits. The
** range that reaches the last period also makes the FY figures, block by
** block, which checks every figure for non-finite values on the way.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_private.h"

/* Room for "group " and an id; ids are at most GP_ID_MAX bytes. */
#define WHERE_SIZE (GP_ID_MAX + 16)
/* Scratch series the model keeps per period: wf, cs, spare, capacity. */
#define SCRATCH_SERIES 4
/* The message when a policy added or removed units, groups or lines between steps. */
#define SHAPE_FORMAT "the plan changed shape while the model was stepping (unit %s)"

gp_error gp_model_new(const gp_plan *plan, gp_model **out) {
    gp_model *m = NULL;
    gp_error err = GP_ERR_NOMEM;

    if (!out)
        return GP_ERR_ARGUMENT;
    *out = NULL;
    if (!plan || plan->cal.months <= 0 || plan->cal.months > GP_MONTHS_MAX)
        return GP_ERR_ARGUMENT;
    m = calloc(1, sizeof *m);
    if (!m)
        return GP_ERR_NOMEM;
    m->plan = plan;
    m->done = -1;

    const gp_calendar *cal = &plan->cal;
    size_t T = (size_t)cal->months, ngroups = gp_plan_group_count(plan);
    unsigned char *april = malloc(T), *month = malloc(T);
    m->periods = (gp_periods){cal->months, april, month};
    m->fy_first = malloc((size_t)cal->nfys * sizeof *m->fy_first);
    m->fy_last = malloc((size_t)cal->nfys * sizeof *m->fy_last);
    m->groups = calloc(ngroups ? ngroups : 1, sizeof *m->groups);
    m->units = calloc(plan->nunits ? plan->nunits : 1, sizeof *m->units);
    m->wf = calloc(SCRATCH_SERIES * T, sizeof *m->wf);
    if (!april || !month || !m->fy_first || !m->fy_last || !m->groups || !m->units || !m->wf)
        goto fail;
    size_t most = 1; /* members of the largest system */
    for (size_t k = 0; k < plan->nsystems; k++)
        most = plan->systems[k].nmembers > most ? plan->systems[k].nmembers : most;
    m->member = calloc(plan->nunits ? plan->nunits : 1, sizeof *m->member);
    m->sys_capacity = calloc((plan->nsystems ? plan->nsystems : 1) * T, sizeof *m->sys_capacity);
    m->sys_scratch = calloc(2 * most, sizeof *m->sys_scratch);
    if (!m->member || !m->sys_capacity || !m->sys_scratch)
        goto fail;
    for (size_t k = 0; k < plan->nsystems; k++)
        for (size_t i = 0; i < plan->systems[k].nmembers; i++)
            m->member[plan->systems[k].members[i]] = true;
    m->cs = m->wf + T;
    m->spare = m->cs + T;
    m->capacity = m->spare + T;
    for (int t = 0; t < cal->months; t++) {
        april[t] = gp_calendar_april_step(cal, t);
        month[t] = (unsigned char)gp_month_of_year(cal->start + t);
    }
    for (int f = 0; f < cal->nfys; f++)
        gp_calendar_fy_periods(cal, f, &m->fy_first[f], &m->fy_last[f]);
    err = gp_result_new(plan, &m->res, &m->layout);
    if (err != GP_OK)
        goto fail;
    *out = m;
    return GP_OK;
fail:
    gp_model_free(m);
    return err;
}

void gp_model_free(gp_model *m) {
    if (!m)
        return;
    gp_result_free(m->res);
    gp_result_layout_free(&m->layout);
    free((void *)m->periods.april);
    free((void *)m->periods.month);
    free(m->fy_first);
    free(m->fy_last);
    free(m->groups);
    free(m->units);
    free(m->wf);
    free(m->member);
    free(m->sys_capacity);
    free(m->sys_scratch);
    free(m->failure);
    free(m);
}

/* Stop the run: keep the message (later calls repeat it) and add it to the diag. */
static gp_error stop(gp_model *m, gp_diag *diag, gp_error err, char *message) {
    m->failed = err;
    m->failure = message;
    if (diag && message)
        gp_diag_add(diag, NULL, 0, 0, NULL, "%s", message);
    return err;
}

/* The block's FY figures when the range ends the horizon, else a check of its new periods. */
static bool settle(const gp_model *m, gp_block *b, int t0, int t1) {
    if (t1 == m->periods.months - 1)
        return gp_block_aggregate(b, m->fy_first, m->fy_last);
    return gp_block_finite(b, t0, t1);
}

/* Settle a block; when a figure is not finite, stop with a message naming it. */
static gp_error settle_or_stop(gp_model *m, gp_block *b, const char *unit, const char *kind, const char *id,
                               int t0, int t1, gp_diag *diag) {
    char where[WHERE_SIZE];
    if (settle(m, b, t0, t1))
        return GP_OK;
    snprintf(where, sizeof where, "%s%s%s", kind, id ? " " : "", id ? id : "");
    return stop(m, diag, GP_ERR_NONFINITE, gp_nonfinite_message(b, &m->plan->cal, unit, where, 0, t1));
}

/* True when the unit still has the shape its result was built for (model.h: no new units, groups or lines). */
static bool same_shape(const gp_unit *unit, const gp_unit_result *ur) {
    if (unit->ngroups != ur->ngroups || !unit->finance != !ur->finance || !unit->backlog != !ur->backlog)
        return false;
    return !unit->finance || (unit->finance->pressures.count == ur->pressures->nseries &&
                              unit->finance->funding.count == ur->funding->nseries);
}

#define SETTLE(b, unit, kind, id)                                                          \
    do {                                                                                   \
        gp_error err_ = settle_or_stop(m, (b), (unit), (kind), (id), t0, t1, diag);        \
        if (err_ != GP_OK)                                                                 \
            return err_;                                                                   \
    } while (0)

/*
** One unit's groups and total over t0..t1, added into all_units, then its
** finance and waiting list computed (not yet checked or added: a system may
** change them first). A unit in a system holds its list before ageing.
*/
static gp_error compute_unit(gp_model *m, size_t u, size_t *gi, int t0, int t1, gp_diag *diag) {
    const gp_unit *unit = &m->plan->units[u];
    gp_unit_result *ur = &m->res->units[u], *au = &m->res->all_units;
    gp_block *total = &ur->groups[unit->ngroups];
    size_t n = (size_t)(t1 - t0 + 1);
    bool clinical = false;

    memset(m->wf + t0, 0, n * sizeof *m->wf);
    memset(m->cs + t0, 0, n * sizeof *m->cs);
    memset(m->spare + t0, 0, n * sizeof *m->spare);
    for (size_t g = 0; g < unit->ngroups; g++, (*gi)++) {
        const gp_group *grp = &unit->groups[g];
        gp_block *b = &ur->groups[g];
        clinical |= grp->clinical;
        gp_model_group(&m->periods, grp, &m->groups[*gi], b, m->wf, grp->clinical ? m->cs : m->spare, t0, t1);
        SETTLE(b, unit->id, "group", grp->id);
        gp_block_add(total, &au->groups[m->layout.group_au[*gi]], b, t0, t1);
    }
    gp_model_total_rates(total, t0, t1);
    SETTLE(total, unit->id, "group", "total");
    gp_block_add(&au->groups[au->ngroups], NULL, total, t0, t1);

    if (unit->finance)
        gp_model_finance(&m->periods, unit->finance, &m->units[u], m->wf, ur->finance, ur->pressures, ur->funding,
                         t0, t1);
    if (unit->backlog)
        gp_model_backlog(unit->backlog, &m->units[u], m->cs, clinical, ur->backlog, t0, t1, m->member[u]);
    return GP_OK;
}

/* One unit's finance and waiting list over t0..t1 checked and added into all_units. */
static gp_error add_unit(gp_model *m, size_t u, size_t *pi, size_t *fi, int t0, int t1, gp_diag *diag) {
    const gp_unit *unit = &m->plan->units[u];
    gp_unit_result *ur = &m->res->units[u], *au = &m->res->all_units;

    if (unit->finance) {
        const gp_finance *f = unit->finance;
        SETTLE(ur->finance, unit->id, "finance", NULL);
        SETTLE(ur->pressures, unit->id, "pressures", NULL);
        SETTLE(ur->funding, unit->id, "funding", NULL);
        gp_block_add(au->finance, NULL, ur->finance, t0, t1);
        for (size_t k = 0; k < f->pressures.count; k++, (*pi)++)
            gp_series_add(au->pressures, m->layout.pressure_au[*pi], ur->pressures, k, t0, t1);
        for (size_t k = 0; k < f->funding.count; k++, (*fi)++)
            gp_series_add(au->funding, m->layout.funding_au[*fi], ur->funding, k, t0, t1);
    }
    if (unit->backlog) {
        const double *cap = unit->backlog->capacity;
        SETTLE(ur->backlog, unit->id, "backlog", NULL);
        gp_block_add(au->backlog, NULL, ur->backlog, t0, t1);
        for (int t = t0; t <= t1; t++)
            m->capacity[t] += cap[t];
    }
    return GP_OK;
}

/* all_units over t0..t1: its sums are complete, so its rates and shares can be made. */
static gp_error compute_all_units(gp_model *m, int t0, int t1, gp_diag *diag) {
    gp_unit_result *au = &m->res->all_units;

    for (size_t k = 0; k <= au->ngroups; k++) {
        gp_model_total_rates(&au->groups[k], t0, t1);
        SETTLE(&au->groups[k], au->id, "group", au->groups[k].id);
    }
    if (au->finance) {
        SETTLE(au->finance, au->id, "finance", NULL);
        SETTLE(au->pressures, au->id, "pressures", NULL);
        SETTLE(au->funding, au->id, "funding", NULL);
    }
    if (au->backlog) {
        gp_model_backlog_shares(au->backlog, m->capacity, t0, t1);
        SETTLE(au->backlog, au->id, "backlog", NULL);
    }
    return GP_OK;
}

/* Period t of each system: its transfers, then its sums of its members (added into all_units already). */
static gp_error compute_systems(gp_model *m, int t, gp_diag *diag) {
    const gp_plan *plan = m->plan;
    const int t0 = t, t1 = t;

    for (size_t k = 0; k < plan->nsystems; k++) {
        const gp_system *sys = &plan->systems[k];
        gp_system_result *sr = &m->res->systems[k];
        double *cap = m->sys_capacity + k * (size_t)m->periods.months;
        for (size_t i = 0; i < sys->nmembers; i++) {
            const gp_unit_result *ur = &m->res->units[sys->members[i]];
            const gp_backlog *bk = plan->units[sys->members[i]].backlog;
            if (ur->finance)
                gp_block_add(sr->finance, NULL, ur->finance, t, t);
            if (ur->backlog) {
                gp_block_add(sr->backlog, NULL, ur->backlog, t, t);
                cap[t] += bk->capacity[t];
            }
        }
        if (sr->finance)
            SETTLE(sr->finance, sr->id, "system finance", NULL);
        if (sr->backlog) {
            gp_model_backlog_shares(sr->backlog, cap, t, t);
            SETTLE(sr->backlog, sr->id, "system backlog", NULL);
        }
    }
    return GP_OK;
}

/*
** Period t of a plan with systems: every unit's own period, then each
** system's transfers, then the sums. Units in no system step with the rest;
** a stepped run gives the same bits as a whole one.
*/
static gp_error compute_period(gp_model *m, int t, gp_diag *diag) {
    const gp_plan *plan = m->plan;
    size_t gi = 0, pi = 0, fi = 0;
    gp_error err;

    for (size_t u = 0; u < plan->nunits; u++)
        if ((err = compute_unit(m, u, &gi, t, t, diag)) != GP_OK)
            return err;
    for (size_t k = 0; k < plan->nsystems; k++) {
        gp_model_system_pool(plan, &plan->systems[k], m->res, &m->res->systems[k], m->sys_scratch, t);
        gp_model_system_list(plan, &plan->systems[k], m->units, m->res, &m->res->systems[k], m->sys_scratch, t);
    }
    for (size_t u = 0; u < plan->nunits; u++)
        if ((err = add_unit(m, u, &pi, &fi, t, t, diag)) != GP_OK)
            return err;
    if ((err = compute_all_units(m, t, t, diag)) != GP_OK)
        return err;
    return compute_systems(m, t, diag);
}

/* Periods t0..t1 of everything; FY figures too when t1 is the last period. */
static gp_error compute(gp_model *m, int t0, int t1, gp_diag *diag) {
    const gp_plan *plan = m->plan;
    size_t gi = 0, pi = 0, fi = 0;

    for (size_t u = 0; u < plan->nunits; u++)
        if (!same_shape(&plan->units[u], &m->res->units[u])) {
            char *msg = NULL;
            int len = snprintf(NULL, 0, SHAPE_FORMAT, plan->units[u].id);
            if (len >= 0 && (msg = malloc((size_t)len + 1)))
                snprintf(msg, (size_t)len + 1, SHAPE_FORMAT, plan->units[u].id);
            return stop(m, diag, GP_ERR_ARGUMENT, msg);
        }
    if (plan->nsystems) {
        for (int t = t0; t <= t1; t++) {
            gp_error err = compute_period(m, t, diag);
            if (err != GP_OK)
                return err;
            m->done = t;
        }
        return GP_OK;
    }
    /* Without systems, every unit's whole range at once, as MODEL.md §3-§7 alone. */
    for (size_t u = 0; u < plan->nunits; u++) {
        gp_error err = compute_unit(m, u, &gi, t0, t1, diag);
        if (err == GP_OK)
            err = add_unit(m, u, &pi, &fi, t0, t1, diag);
        if (err != GP_OK)
            return err;
    }
    gp_error err = compute_all_units(m, t0, t1, diag);
    if (err == GP_OK)
        m->done = t1;
    return err;
}

/* A stopped model repeats its error (and message) to every later call. */
static gp_error repeat_failure(const gp_model *m, gp_diag *diag) {
    if (diag && m->failure)
        gp_diag_add(diag, NULL, 0, 0, NULL, "%s", m->failure);
    return m->failed;
}

gp_error gp_model_advance(gp_model *m, int t, gp_diag *diag) {
    if (!m)
        return GP_ERR_ARGUMENT;
    if (m->failed != GP_OK)
        return repeat_failure(m, diag);
    if (!m->res || t < 0 || t >= m->periods.months)
        return GP_ERR_ARGUMENT;
    if (t <= m->done)
        return GP_OK;
    return compute(m, m->done + 1, t, diag);
}

const gp_result *gp_model_partial(const gp_model *m) { return m ? m->res : NULL; }

int gp_model_period(const gp_model *m) { return m ? m->done : -1; }

gp_error gp_model_finish(gp_model *m, gp_result **out, gp_diag *diag) {
    if (!out)
        return GP_ERR_ARGUMENT;
    *out = NULL;
    if (!m)
        return GP_ERR_ARGUMENT;
    if (m->failed != GP_OK)
        return repeat_failure(m, diag);
    if (!m->res)
        return GP_ERR_ARGUMENT;
    if (m->done < m->periods.months - 1) {
        gp_error err = compute(m, m->done + 1, m->periods.months - 1, diag);
        if (err != GP_OK)
            return err;
    }
    *out = m->res;
    m->res = NULL;
    return GP_OK;
}

gp_error gp_model_run(const gp_plan *plan, gp_result **out, gp_diag *diag) {
    gp_model *m = NULL;
    gp_error err;

    if (!out)
        return GP_ERR_ARGUMENT;
    *out = NULL;
    err = gp_model_new(plan, &m);
    if (err == GP_OK)
        err = gp_model_finish(m, out, diag);
    gp_model_free(m);
    return err;
}
