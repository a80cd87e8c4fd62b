/*
** core/plan_load.h (private): the state and helpers shared by the parts of
** the plan loader: plan_load.c (the file, the top level, units and staff
** groups), plan_load_fields.c (one field read as its table says, and the
** messages every block shares) and plan_load_blocks.c (finance, capital,
** named lines, backlog).
**
** The loader never stops at the first problem: each is reported with its JSON
** path and the walk goes on, skipping only what depends on the broken part
** (a schedule cannot be expanded without a valid `start` and `months`, but it
** is still checked; an object that is not an object is not looked into).
*/
#ifndef GP_PLAN_LOAD_H
#define GP_PLAN_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "plan_private.h"
#include "report.h"

/* Field tables are tracked in 32-bit masks (seen, valid). */
#define GP_LOAD_MAX_FIELDS 32
/* An unknown key's message lists the known keys when there are at most this many. */
#define GP_LOAD_LIST_KEYS_MAX 9

typedef struct gp_loader {
    gp_reporter r;
    gp_plan *plan;
    const gp_calendar *cal; /* NULL when `start` or `months` is invalid: check, do not expand */
} gp_loader;

/* Fields of one block as they are read: which were present, which were valid. */
typedef struct gp_block_state {
    uint32_t seen, valid;
} gp_block_state;

/* Read a number: finite, within [min, max], whole when `integer`; r's path is at it. */
bool gp_load_number(gp_loader *L, const cJSON *item, double min, double max, bool integer, double *out);

/*
** Read `item` (r's path at the block) as field `key` of `table` into `block`
** when the table has such a field; returns false when it has not (the caller
** then tries its own keys or reports an unknown key).
*/
bool gp_load_table_field(gp_loader *L, const gp_field_table *table, const char *key, const cJSON *item,
                         void *block, gp_block_state *st);
/*
** After the block's keys: give each absent field its default, or report it
** missing ("missing required field 'leaver_rate'" at the block's path).
*/
void gp_load_finish_fields(gp_loader *L, const gp_field_table *table, void *block, gp_block_state *st);
/* True when field `name` of `table` was present and valid. */
bool gp_block_valid(const gp_field_table *table, const gp_block_state *st, const char *name);

/*
** Report `key` as unknown at the current path (the object holding it): "did
** you mean ...?" from `extra` keys and the table's fields (table may be NULL).
*/
void gp_load_unknown_key(gp_loader *L, const char *key, const char *const *extra, size_t nextra,
                         const gp_field_table *table);

/* Report null for an optional key (true) or a required one (false). */
void gp_load_null(gp_loader *L, bool optional);
/* True when `item` is an object; else reports "must be an object, got ...". */
bool gp_load_expect_object(gp_loader *L, const cJSON *item);
/*
** A string value copied into the plan's arena, or NULL when it is not a
** string (reported, with null reported as for an optional key), is empty and
** `nonempty` is set (reported), or memory ran out.
*/
char *gp_load_string(gp_loader *L, const cJSON *item, bool nonempty);
/* A schedule array to fill (not zeroed), or NULL when there is no calendar or memory ran out. */
double *gp_load_new_schedule(gp_loader *L);

/*
** Finance and backlog blocks (plan_load_blocks.c). r's path is at the block;
** the block struct is zeroed and owned by the plan's arena.
*/
void gp_load_finance(gp_loader *L, const cJSON *item, gp_finance *fin);
void gp_load_backlog(gp_loader *L, const cJSON *item, gp_backlog *bl);

/* An id value: a string of [a-z0-9_-], 1..GP_ID_MAX bytes, copied into the plan; NULL (reported) when not. */
char *gp_load_id(gp_loader *L, const cJSON *item);

/*
** The top-level `systems` list (plan_load_systems.c); r's path is at it.
** With `resolve`, member unit ids and pooled funding line names are looked up
** in the plan's units (which must have loaded cleanly); without, only the
** shape of each system is checked.
*/
void gp_load_systems(gp_loader *L, const cJSON *arr, bool resolve);

/*
** Report the item at the current path (an entry of a list) as a duplicate of
** entry `first` of the same list: `<path>.<key>: duplicate <what> "<name>" (also <list>[first])`.
*/
void gp_load_duplicate(gp_loader *L, const char *key, const char *what, const char *name, size_t first);

#endif
