/*
** core/mc_ranges.h (private): the plan loader's check of a `ranges` block.
**
** The loader only checks the block (so `gapplan check` and `run` refuse a
** bad one with every problem named); gp_mc_ranges_load (mc.h) reads the same
** text again with the same code when an uncertainty tool needs the entries,
** so the plan structs need no field of their own for it.
*/
#ifndef GP_MC_RANGES_H
#define GP_MC_RANGES_H

#include <cjson/cJSON.h>

#include "gapplan/plan.h"
#include "report.h"

/*
** Check the `ranges` value `item` (r's path at "ranges"), resolving paths
** against `plan` when `resolve` is true (the plan's units loaded without a
** problem and its calendar known). Problems go through `r`.
*/
void gp_mc_ranges_check(gp_reporter *r, const cJSON *item, const gp_plan *plan, bool resolve);

#endif
