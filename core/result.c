/*
** core/result.c: building the empty shape of a result for a plan, finding
** series, and freeing (result.h, result_storage.h).
**
** The shape is built in two passes over the same order: the first creates the
** blocks and counts the doubles they need, the second hands each block its
** part of the one slab. The order is the model's writing order, so the model
** walks memory forwards.
*/
#include "result_storage.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "big_alloc.h"
#include "nameset.h"

/* Each block starts on a 64-byte cache line: a block's first series never shares a line with another block. */
#define SLAB_ALIGN_DOUBLES 8

/* The display name of a unit, group or all_units total when the plan gives none. */
#define TOTAL_ID "total"
#define TOTAL_NAME "Total"
#define ALL_UNITS_ID "all_units"
#define ALL_UNITS_NAME "All units"

/* A line block's series: £ a month, summed by FY. */
static const char LINE_DOC[] = "named line, £ a month (its annual amount / 12)";

typedef struct builder {
    gp_arena *arena;
    const gp_calendar *cal;
    size_t doubles; /* counted by the first pass */
    double *at;     /* the second pass's position in the slab */
} builder;

static size_t block_doubles(const gp_block *b) {
    size_t n = b->nseries * ((size_t)b->months + 2 * (size_t)b->nfys);
    return (n + SLAB_ALIGN_DOUBLES - 1) / SLAB_ALIGN_DOUBLES * SLAB_ALIGN_DOUBLES;
}

static void init_block(builder *bd, gp_block *b, const gp_series_info *series, size_t nseries) {
    b->series = series;
    b->nseries = nseries;
    b->months = bd->cal->months;
    b->nfys = bd->cal->nfys;
    bd->doubles += block_doubles(b);
}

/* A block in the arena; NULL on out-of-memory. */
static gp_block *new_block(builder *bd, const gp_series_info *series, size_t nseries) {
    gp_block *b = gp_arena_calloc(bd->arena, 1, sizeof *b);
    if (b)
        init_block(bd, b, series, nseries);
    return b;
}

/* A copy of `s` in the arena, or of `fallback` when `s` is NULL; false on out-of-memory. */
static bool copy_name(builder *bd, char **out, const char *s, const char *fallback) {
    *out = gp_arena_strdup(bd->arena, s ? s : fallback);
    return *out != NULL;
}

/* Series infos for a line block: one flow of money per line, named after it. */
static gp_series_info *line_infos(builder *bd, const gp_lines *lines) {
    gp_series_info *info = gp_arena_calloc(bd->arena, lines->count ? lines->count : 1, sizeof *info);
    if (!info)
        return NULL;
    for (size_t k = 0; k < lines->count; k++) {
        char *name;
        if (!copy_name(bd, &name, lines->items[k].name, ""))
            return NULL;
        info[k] = (gp_series_info){name, GP_AGG_FLOW, GP_Q_MONEY, LINE_DOC};
    }
    return info;
}

/* A unit in a system has the transfers after its finance and backlog series (result.h). */
static bool build_unit(builder *bd, const gp_unit *unit, gp_unit_result *ur, bool member) {
    if (!copy_name(bd, &ur->id, unit->id, "") || !copy_name(bd, &ur->name, unit->name, unit->id))
        return false;
    ur->ngroups = unit->ngroups;
    ur->groups = gp_arena_calloc(bd->arena, unit->ngroups + 1, sizeof *ur->groups);
    if (!ur->groups)
        return false;
    for (size_t g = 0; g <= unit->ngroups; g++) {
        gp_block *b = &ur->groups[g];
        const gp_group *grp = g < unit->ngroups ? &unit->groups[g] : NULL;
        if (!copy_name(bd, &b->id, grp ? grp->id : NULL, TOTAL_ID) ||
            !copy_name(bd, &b->name, grp ? grp->name : NULL, grp ? grp->id : TOTAL_NAME))
            return false;
        init_block(bd, b, gp_group_series_info, GP_GROUP_SERIES_COUNT);
    }
    if (unit->finance) {
        const gp_finance *f = unit->finance;
        const gp_series_info *pi = line_infos(bd, &f->pressures), *fi = line_infos(bd, &f->funding);
        if (!pi || !fi)
            return false;
        ur->finance = member ? new_block(bd, gp_system_finance_series_info, GP_MEMBER_FINANCE_SERIES_COUNT)
                             : new_block(bd, gp_finance_series_info, GP_FINANCE_SERIES_COUNT);
        ur->pressures = new_block(bd, pi, f->pressures.count);
        ur->funding = new_block(bd, fi, f->funding.count);
        if (!ur->finance || !ur->pressures || !ur->funding)
            return false;
    }
    if (unit->backlog) {
        ur->backlog = member ? new_block(bd, gp_system_backlog_series_info, GP_MEMBER_BACKLOG_SERIES_COUNT)
                             : new_block(bd, gp_backlog_series_info, GP_BACKLOG_SERIES_COUNT);
        if (!ur->backlog)
            return false;
    }
    return true;
}

/* A system's result: its id, name, members and a block for each kind its members have. */
static bool build_system(builder *bd, const gp_plan *plan, const gp_system *sys, gp_system_result *sr) {
    bool any_finance = false, any_backlog = false;
    if (!copy_name(bd, &sr->id, sys->id, "") || !copy_name(bd, &sr->name, sys->name, sys->id))
        return false;
    sr->nmembers = sys->nmembers;
    sr->members = gp_arena_calloc(bd->arena, sys->nmembers ? sys->nmembers : 1, sizeof *sr->members);
    sr->member_index = gp_arena_calloc(bd->arena, sys->nmembers ? sys->nmembers : 1, sizeof *sr->member_index);
    if (!sr->members || !sr->member_index)
        return false;
    for (size_t k = 0; k < sys->nmembers; k++) {
        const gp_unit *unit = &plan->units[sys->members[k]];
        sr->member_index[k] = sys->members[k];
        if (!copy_name(bd, &sr->members[k], unit->id, ""))
            return false;
        any_finance |= unit->finance != NULL;
        any_backlog |= unit->backlog != NULL;
    }
    if (any_finance &&
        !(sr->finance = new_block(bd, gp_system_finance_series_info, GP_SYSTEM_FINANCE_SERIES_COUNT)))
        return false;
    if (any_backlog &&
        !(sr->backlog = new_block(bd, gp_system_backlog_series_info, GP_SYSTEM_BACKLOG_SERIES_COUNT)))
        return false;
    return true;
}

/*
** all_units.groups: one block per group id in first-seen order, then the
** total; group_au maps each plan group to its block.
*/
static bool build_all_groups(builder *bd, const gp_plan *plan, gp_unit_result *au, size_t *group_au) {
    size_t total = gp_plan_group_count(plan), next = 0, at = 0;
    const gp_group **first = malloc((total ? total : 1) * sizeof *first);
    gp_nameset set;
    bool ok = false;

    if (!gp_nameset_init(&set, total) || !first)
        goto done;
    for (size_t u = 0; u < plan->nunits; u++)
        for (size_t g = 0; g < plan->units[u].ngroups; g++, at++) {
            const gp_group *grp = &plan->units[u].groups[g];
            size_t seen = gp_nameset_add(&set, grp->id, next);
            if (seen == GP_NAMESET_NEW) {
                first[next] = grp;
                seen = next++;
            }
            group_au[at] = seen;
        }
    au->ngroups = next;
    au->groups = gp_arena_calloc(bd->arena, next + 1, sizeof *au->groups);
    if (!au->groups)
        goto done;
    for (size_t k = 0; k <= next; k++) {
        gp_block *b = &au->groups[k];
        const gp_group *grp = k < next ? first[k] : NULL;
        if (!copy_name(bd, &b->id, grp ? grp->id : NULL, TOTAL_ID) ||
            !copy_name(bd, &b->name, grp ? grp->name : NULL, grp ? grp->id : TOTAL_NAME))
            goto done;
        init_block(bd, b, gp_group_series_info, GP_GROUP_SERIES_COUNT);
    }
    ok = true;
done:
    gp_nameset_free(&set);
    free(first);
    return ok;
}

/* Which list of a finance block: the pressures or the funding lines. */
static const gp_lines *pick_lines(const gp_finance *f, bool pressures) {
    return pressures ? &f->pressures : &f->funding;
}

/*
** An all_units line block: the lines of every finance unit merged by name in
** first-seen order; line_au maps each plan line to its series.
*/
static gp_block *build_all_lines(builder *bd, const gp_plan *plan, bool pressures, size_t *line_au) {
    size_t total = 0, next = 0, at = 0;
    gp_block *b = NULL;
    gp_series_info *info = NULL;
    gp_nameset set;

    for (size_t u = 0; u < plan->nunits; u++)
        if (plan->units[u].finance)
            total += pick_lines(plan->units[u].finance, pressures)->count;
    info = gp_arena_calloc(bd->arena, total ? total : 1, sizeof *info);
    if (!gp_nameset_init(&set, total) || !info)
        goto done;
    for (size_t u = 0; u < plan->nunits; u++) {
        if (!plan->units[u].finance)
            continue;
        const gp_lines *lines = pick_lines(plan->units[u].finance, pressures);
        for (size_t k = 0; k < lines->count; k++, at++) {
            size_t seen = gp_nameset_add(&set, lines->items[k].name, next);
            if (seen == GP_NAMESET_NEW) {
                char *name;
                if (!copy_name(bd, &name, lines->items[k].name, ""))
                    goto done;
                info[next] = (gp_series_info){name, GP_AGG_FLOW, GP_Q_MONEY, LINE_DOC};
                seen = next++;
            }
            line_au[at] = seen;
        }
    }
    b = new_block(bd, info, next);
done:
    gp_nameset_free(&set);
    return b;
}

static bool build_all_units(builder *bd, const gp_plan *plan, gp_unit_result *au, gp_result_layout *layout) {
    bool any_finance = false, any_backlog = false;

    if (!copy_name(bd, &au->id, ALL_UNITS_ID, NULL) || !copy_name(bd, &au->name, ALL_UNITS_NAME, NULL) ||
        !build_all_groups(bd, plan, au, layout->group_au))
        return false;
    for (size_t u = 0; u < plan->nunits; u++) {
        any_finance |= plan->units[u].finance != NULL;
        any_backlog |= plan->units[u].backlog != NULL;
    }
    if (any_finance) {
        au->finance = new_block(bd, gp_finance_series_info, GP_FINANCE_SERIES_COUNT);
        au->pressures = build_all_lines(bd, plan, true, layout->pressure_au);
        au->funding = build_all_lines(bd, plan, false, layout->funding_au);
        if (!au->finance || !au->pressures || !au->funding)
            return false;
    }
    if (any_backlog && !(au->backlog = new_block(bd, gp_backlog_series_info, GP_BACKLOG_SERIES_COUNT)))
        return false;
    return true;
}

/* The second pass: give a block its arrays in the slab. */
static void place_block(builder *bd, gp_block *b) {
    if (!b)
        return;
    size_t T = (size_t)b->months, F = (size_t)b->nfys;
    b->monthly = bd->at;
    b->annual = b->monthly + b->nseries * T;
    b->mean = b->annual + b->nseries * F;
    bd->at += block_doubles(b);
}

static void place_unit(builder *bd, gp_unit_result *ur) {
    for (size_t g = 0; g <= ur->ngroups; g++)
        place_block(bd, &ur->groups[g]);
    place_block(bd, ur->finance);
    place_block(bd, ur->pressures);
    place_block(bd, ur->funding);
    place_block(bd, ur->backlog);
}

/* Lines of one kind over the whole plan, for the layout's maps. */
static size_t count_lines(const gp_plan *plan, bool pressures) {
    size_t n = 0;
    for (size_t u = 0; u < plan->nunits; u++)
        if (plan->units[u].finance)
            n += pick_lines(plan->units[u].finance, pressures)->count;
    return n;
}

gp_error gp_result_new(const gp_plan *plan, gp_result **out, gp_result_layout *layout) {
    gp_arena *arena = gp_arena_new();
    gp_result *res = NULL;
    builder bd = {arena, &plan->cal, 0, NULL};
    size_t ngroups = gp_plan_group_count(plan);
    bool *member = NULL; /* member[u]: unit u is in a system */

    *out = NULL;
    memset(layout, 0, sizeof *layout);
    if (!arena)
        goto fail;
    layout->group_au = malloc((ngroups ? ngroups : 1) * sizeof *layout->group_au);
    layout->pressure_au = malloc((count_lines(plan, true) + 1) * sizeof *layout->pressure_au);
    layout->funding_au = malloc((count_lines(plan, false) + 1) * sizeof *layout->funding_au);
    res = gp_arena_calloc(arena, 1, sizeof *res);
    if (!layout->group_au || !layout->pressure_au || !layout->funding_au || !res)
        goto fail;
    res->storage = gp_arena_calloc(arena, 1, sizeof *res->storage);
    res->units = gp_arena_calloc(arena, plan->nunits ? plan->nunits : 1, sizeof *res->units);
    if (!res->storage || !res->units)
        goto fail;
    res->storage->arena = arena;
    res->cal = plan->cal;
    res->nunits = plan->nunits;
    member = calloc(plan->nunits ? plan->nunits : 1, sizeof *member);
    if (!member)
        goto fail;
    for (size_t k = 0; k < plan->nsystems; k++)
        for (size_t i = 0; i < plan->systems[k].nmembers; i++)
            member[plan->systems[k].members[i]] = true;
    for (size_t u = 0; u < plan->nunits; u++)
        if (!build_unit(&bd, &plan->units[u], &res->units[u], member[u]))
            goto fail;
    if (!build_all_units(&bd, plan, &res->all_units, layout))
        goto fail;
    if (plan->nsystems) {
        res->systems = gp_arena_calloc(arena, plan->nsystems, sizeof *res->systems);
        if (!res->systems)
            goto fail;
        res->nsystems = plan->nsystems;
        for (size_t k = 0; k < plan->nsystems; k++)
            if (!build_system(&bd, plan, &plan->systems[k], &res->systems[k]))
                goto fail;
    }

    res->storage->slab = gp_big_calloc(bd.doubles);
    if (!res->storage->slab)
        goto fail;
    res->storage->slab_doubles = bd.doubles;
    bd.at = res->storage->slab;
    for (size_t u = 0; u < plan->nunits; u++)
        place_unit(&bd, &res->units[u]);
    place_unit(&bd, &res->all_units);
    for (size_t k = 0; k < res->nsystems; k++) {
        place_block(&bd, res->systems[k].finance);
        place_block(&bd, res->systems[k].backlog);
    }
    free(member);
    *out = res;
    return GP_OK;
fail:
    free(member);
    gp_arena_free(arena); /* res and its storage live in the arena; the slab is the last allocation */
    gp_result_layout_free(layout);
    return GP_ERR_NOMEM;
}

void gp_result_layout_free(gp_result_layout *layout) {
    free(layout->group_au);
    free(layout->pressure_au);
    free(layout->funding_au);
    memset(layout, 0, sizeof *layout);
}

void gp_result_free(gp_result *res) {
    if (!res)
        return;
    gp_arena *arena = res->storage->arena;
    free(res->storage->slab);
    gp_arena_free(arena); /* res itself lives in the arena */
}

int gp_block_find_series(const gp_block *b, const char *name) {
    if (!b || !name)
        return -1;
    for (size_t s = 0; s < b->nseries; s++)
        if (strcmp(b->series[s].name, name) == 0)
            return (int)s;
    return -1;
}
