/*
** core/mc_plan_copy.c: a deep copy of a plan for one iteration (mc.h).
**
** Scenarios edit the plan they are applied to, so each Monte Carlo
** iteration, sensitivity run and solver step starts from a copy of the plan
** as loaded. Copying is cheaper than loading again (no JSON, no schedule
** expansion: for the England example about 60 KB of memcpy against a
** fraction of a millisecond of parsing) and leaves nothing behind: the copy
** has its own arena, freed whole.
**
** The copy walks the field tables, as the loader does, so a field added to
** a table is copied with no change here. Strings (ids, names, the file) are
** shared with the source: nothing writes into a plan's strings in place, and
** a plugin that renames something stores a new string in the copy's arena.
*/
#include "gapplan/mc.h"

#include <string.h>

#include "plan_private.h"

/* A copy of one schedule, or NULL (and *ok false) on out-of-memory. */
static double *copy_schedule(gp_plan *dst, const double *src, bool *ok) {
    if (!src)
        return NULL;
    double *x = gp_arena_alloc(dst->arena, (size_t)dst->cal.months * sizeof *x);
    if (!x) {
        *ok = false;
        return NULL;
    }
    memcpy(x, src, (size_t)dst->cal.months * sizeof *x);
    return x;
}

/* Copy every schedule field of `table` in `block` (already a struct copy pointing at the source's arrays). */
static void copy_fields(gp_plan *dst, const gp_field_table *table, void *block, bool *ok) {
    for (size_t i = 0; i < table->count; i++) {
        const gp_field *f = &table->fields[i];
        if (f->kind == GP_FIELD_SCHEDULE) {
            double **slot = (double **)((char *)block + f->offset);
            *slot = copy_schedule(dst, *slot, ok);
        }
    }
}

/* A line list with its own items and amounts; names shared. */
static void copy_lines(gp_plan *dst, gp_lines *lines, bool *ok) {
    if (!lines->count) {
        *lines = (gp_lines){NULL, 0, 0};
        return;
    }
    gp_line *items = gp_arena_alloc(dst->arena, lines->count * sizeof *items);
    if (!items) {
        *ok = false;
        return;
    }
    for (size_t i = 0; i < lines->count; i++) {
        items[i].name = lines->items[i].name;
        items[i].amounts = copy_schedule(dst, lines->items[i].amounts, ok);
    }
    lines->items = items;
    lines->capacity = lines->count;
}

/* A struct of `size` bytes copied into the arena. */
static void *copy_struct(gp_plan *dst, const void *src, size_t size, bool *ok) {
    void *p = gp_arena_alloc(dst->arena, size ? size : 1);
    if (!p) {
        *ok = false;
        return NULL;
    }
    memcpy(p, src, size);
    return p;
}

gp_plan *gp_mc_plan_copy(const gp_plan *src) {
    gp_plan *dst = gp_plan_new_empty();
    bool ok = true;
    if (!dst)
        return NULL;
    gp_arena *arena = dst->arena;
    *dst = *src;
    dst->arena = arena;
    dst->units = copy_struct(dst, src->units, src->nunits * sizeof *src->units, &ok);
    for (size_t u = 0; ok && u < src->nunits; u++) {
        gp_unit *unit = &dst->units[u];
        unit->groups = copy_struct(dst, unit->groups, unit->ngroups * sizeof *unit->groups, &ok);
        for (size_t g = 0; ok && g < unit->ngroups; g++)
            copy_fields(dst, &gp_group_fields, &unit->groups[g], &ok);
        if (ok && unit->finance && (unit->finance = copy_struct(dst, unit->finance, sizeof *unit->finance, &ok))) {
            copy_fields(dst, &gp_finance_fields, unit->finance, &ok);
            copy_fields(dst, &gp_capital_fields, &unit->finance->capital, &ok);
            copy_lines(dst, &unit->finance->funding, &ok);
            copy_lines(dst, &unit->finance->pressures, &ok);
            copy_lines(dst, &unit->finance->capital.schemes, &ok);
        }
        if (ok && unit->backlog && (unit->backlog = copy_struct(dst, unit->backlog, sizeof *unit->backlog, &ok)))
            copy_fields(dst, &gp_backlog_fields, unit->backlog, &ok);
    }
    /* systems: their own structs, member lists and schedules (a plugin may edit a travel or pool share) */
    if (ok && src->nsystems)
        dst->systems = copy_struct(dst, src->systems, src->nsystems * sizeof *src->systems, &ok);
    for (size_t k = 0; ok && k < src->nsystems; k++) {
        gp_system *sys = &dst->systems[k];
        sys->members = copy_struct(dst, sys->members, sys->nmembers * sizeof *sys->members, &ok);
        sys->travel_share = copy_schedule(dst, sys->travel_share, &ok);
        sys->pool_share = copy_schedule(dst, sys->pool_share, &ok);
    }
    if (!ok) {
        gp_plan_free(dst);
        return NULL;
    }
    return dst;
}
