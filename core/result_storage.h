/*
** core/result_storage.h (private): how a gp_result is laid out in memory, and
** the maps from a plan's groups and lines to the all_units blocks they are
** summed into.
**
** A result is large (the benchmark plan's is about 200 MB) and is written
** once, so it is two allocations: an arena for the small pieces (units,
** blocks, ids, names, the series infos of line blocks) and one slab for every
** monthly, annual and mean array, in the order the model writes them (a
** unit's groups, its total, finance, lines, backlog; then all_units). The
** slab comes from calloc, so the totals start at 0.0 as MODEL.md §9 asks and
** pages the model has not reached yet cost nothing.
**
** Ownership: gp_result_new() returns a result the caller frees with
** gp_result_free() and a layout it frees with gp_result_layout_free(); the
** layout borrows nothing from the result.
*/
#ifndef GP_RESULT_STORAGE_H
#define GP_RESULT_STORAGE_H

#include <stddef.h>

#include "arena.h"
#include "gapplan/plan.h"
#include "gapplan/result.h"

struct gp_result_storage {
    gp_arena *arena; /* the result itself, units, blocks, strings, line series infos */
    double *slab;    /* every monthly, annual and mean array */
    size_t slab_doubles;
};

/*
** Where each of the plan's groups and lines goes in all_units. Groups and lines
** are numbered over the whole plan, units in file order (unit 0's groups first).
*/
typedef struct gp_result_layout {
    size_t *group_au;    /* plan group -> index in all_units.groups */
    size_t *pressure_au; /* plan pressure line -> series of all_units.pressures */
    size_t *funding_au;  /* plan funding line -> series of all_units.funding */
} gp_result_layout;

/*
** A zeroed result shaped for `plan` (MODEL.md §7, §9: a block per group and
** per unit's total; finance, line and backlog blocks where the unit has them;
** all_units with one group per group id in first-seen order, lines merged by
** name). Returns GP_OK or GP_ERR_NOMEM (then *out is NULL and the layout is
** empty).
*/
gp_error gp_result_new(const gp_plan *plan, gp_result **out, gp_result_layout *layout);

/** Release the maps of a layout; a zeroed layout is a no-op. */
void gp_result_layout_free(gp_result_layout *layout);

#endif
