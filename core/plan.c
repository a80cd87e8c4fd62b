/*
** core/plan.c: the plan's lifecycle, its arena-owned pieces and look-ups
** (plan.h).
**
** Everything a plan points at lives in its arena, the gp_plan itself too, so
** gp_plan_free() is one gp_arena_free(). Named lines grow by doubling: the old
** items array stays in the arena until the plan is freed, which costs little
** as plugins add a handful of lines.
*/
#include "plan_private.h"

#include <string.h>

/* Capacity of a line list's first array. */
#define LINES_FIRST_CAPACITY 4

gp_plan *gp_plan_new_empty(void) {
    gp_arena *arena = gp_arena_new();
    if (!arena)
        return NULL;
    gp_plan *plan = gp_arena_calloc(arena, 1, sizeof *plan);
    if (!plan) {
        gp_arena_free(arena);
        return NULL;
    }
    plan->arena = arena;
    return plan;
}

void gp_plan_free(gp_plan *plan) {
    if (plan)
        gp_arena_free(plan->arena); /* the plan lives in its own arena */
}

char *gp_plan_strdup(gp_plan *plan, const char *s) { return gp_arena_strdup(plan->arena, s); }

double *gp_plan_new_schedule(gp_plan *plan) {
    return gp_arena_calloc(plan->arena, (size_t)plan->cal.months, sizeof(double));
}

gp_line *gp_plan_add_line(gp_plan *plan, gp_lines *lines, const char *name) {
    if (lines->count == lines->capacity) {
        size_t cap = lines->capacity ? 2 * lines->capacity : LINES_FIRST_CAPACITY;
        gp_line *items = gp_arena_calloc(plan->arena, cap, sizeof *items);
        if (!items)
            return NULL;
        if (lines->count)
            memcpy(items, lines->items, lines->count * sizeof *items);
        lines->items = items;
        lines->capacity = cap;
    }
    char *copy = gp_plan_strdup(plan, name);
    double *amounts = gp_plan_new_schedule(plan);
    if (!copy || !amounts)
        return NULL;
    gp_line *line = &lines->items[lines->count++];
    line->name = copy;
    line->amounts = amounts;
    return line;
}

gp_unit *gp_plan_find_unit(const gp_plan *plan, const char *id) {
    for (size_t u = 0; u < plan->nunits; u++)
        if (strcmp(plan->units[u].id, id) == 0)
            return &plan->units[u];
    return NULL;
}

gp_group *gp_unit_find_group(const gp_unit *unit, const char *id) {
    for (size_t g = 0; g < unit->ngroups; g++)
        if (strcmp(unit->groups[g].id, id) == 0)
            return &unit->groups[g];
    return NULL;
}

size_t gp_plan_group_count(const gp_plan *plan) {
    size_t n = 0;
    for (size_t u = 0; u < plan->nunits; u++)
        n += plan->units[u].ngroups;
    return n;
}

int gp_fill_sum_excess(const double *bank, const double *agency, int months) {
    for (int t = 0; t < months; t++)
        if (bank[t] + agency[t] > 1.0 + GP_FILL_SUM_SLACK)
            return t;
    return -1;
}
