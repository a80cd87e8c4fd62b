/*
** gapplan/plan.h: the plan, the model's input (MODEL.md §3-§6).
**
** The plan is a plain data model: plugins edit it, the model reads it and the
** report shows it, so its structs are public (as libxlsxwriter's are). Every
** time-varying input is a *schedule* held expanded, one double a period
** (`months` values); scalars are plain fields. Field names are MODEL.md's, the
** same in JSON, C, Lua and the workbook.
**
** Ownership: a gp_plan and everything reachable from it are owned by the plan
** (one arena); gp_plan_free() releases all of it. Pointers into a plan stay
** valid until the plan is freed. Use gp_plan_add_line() to add a named line
** and gp_plan_strdup() for strings that must live as long as the plan.
*/
#ifndef GAPPLAN_PLAN_H
#define GAPPLAN_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "gapplan/calendar.h"
#include "gapplan/error.h"

/* Buckets of the waiting list by months waited: 0..24, the last one open-ended (MODEL.md §6). */
#define GP_BUCKETS 25
/* Ids are [a-z0-9_-]+ of at most this many bytes. */
#define GP_ID_MAX 64

/* A named list item (a pressure, a funding line, a capital scheme): `amounts` is a £/yr schedule. */
typedef struct gp_line {
    char *name;
    double *amounts;
} gp_line;

typedef struct gp_lines {
    gp_line *items;
    size_t count, capacity;
} gp_lines;

/* A staff group (MODEL.md §3). Schedules are arrays of plan->cal.months values. */
typedef struct gp_group {
    char *id, *name, *description;
    double establishment;    /* FTE at t = 0 */
    double staff_in_post;    /* FTE at t = 0 */
    double cost_per_fte;     /* £/yr at t = 0 */
    int intake_month;        /* 1..12 */
    bool clinical;
    double *establishment_growth, *leaver_rate, *fill_rate, *newly_qualified, *international,
        *other_joiners, *absence_rate, *budgeted_absence, *pay_award, *bank_fill, *agency_fill,
        *bank_premium, *agency_premium;
} gp_group;

/* Capital (MODEL.md §5): always present in a finance block (envelope 0, no schemes by default). */
typedef struct gp_capital {
    double *envelope;
    gp_lines schemes;
} gp_capital;

/* Revenue (MODEL.md §4). */
typedef struct gp_finance {
    double *revenue_envelope;
    gp_lines funding, pressures;
    double non_pay; /* £/yr in the first FY */
    double *non_pay_inflation, *efficiency_required, *efficiency_achieved;
    gp_capital capital;
} gp_finance;

/* The elective waiting list (MODEL.md §6). */
typedef struct gp_backlog {
    double waiting_list;               /* pathways at t = 0 */
    double wait_profile[GP_BUCKETS];   /* weights by months waited; 0.85^b when not given */
    bool wait_profile_given;
    double hidden_demand;
    double workforce_elasticity;
    double *referrals, *capacity, *hidden_return_rate, *longest_first_share, *renege_rate;
} gp_backlog;

typedef struct gp_unit {
    char *id, *name, *description;
    gp_group *groups;
    size_t ngroups;
    gp_finance *finance; /* NULL when the unit has no finance block */
    gp_backlog *backlog; /* NULL when the unit has no backlog block */
} gp_unit;

/* How a system's pool is shared out (pooled_funding.rule). */
typedef enum gp_pool_rule {
    GP_POOL_GAP,          /* "gap": by each member's positive revenue gap before pooling */
    GP_POOL_WAITING_LIST, /* "waiting_list": by each member's waiting list */
} gp_pool_rule;

/*
** A system (several units planning together; docs/methodology.md "Systems"):
** a shared waiting list moves patients to members with spare capacity, a pool
** takes a share of named funding lines and shares it out again. `members`
** holds indices into plan->units, in the order the system lists them; a unit
** is in at most one system.
*/
typedef struct gp_system {
    char *id, *name;
    size_t *members;
    size_t nmembers;
    double *travel_share;  /* fraction/month; NULL without a shared_waiting_list */
    char **pool_lines;     /* funding line names; pool_share is NULL without pooled_funding */
    size_t npool_lines;
    double *pool_share;    /* fraction */
    gp_pool_rule pool_rule;
} gp_system;

typedef struct gp_plan {
    char *name, *description;
    gp_calendar cal;
    gp_unit *units;
    size_t nunits;
    gp_system *systems;  /* the plan's `systems`, in file order; NULL and 0 without */
    size_t nsystems;
    char *file;          /* the path it was loaded from, as given (for messages); may be NULL */
    struct gp_arena *arena; /* private: owns every allocation above */
} gp_plan;

/* ---- field metadata ----------------------------------------------------------------
** One table per block lists every input field: the loader, the validator, the
** Lua binding and the workbook's Assumptions sheet are all driven by it, so a
** field is added in one place.
*/
typedef enum gp_field_kind {
    GP_FIELD_SCHEDULE, /* double * (months values) at `offset` */
    GP_FIELD_NUMBER,   /* double at `offset` */
    GP_FIELD_INTEGER,  /* int at `offset` */
    GP_FIELD_BOOLEAN,  /* bool at `offset` */
} gp_field_kind;

typedef struct gp_field {
    const char *name;
    gp_field_kind kind;
    bool required;
    double default_value;  /* used when not required and absent */
    double min, max;       /* inclusive; -HUGE_VAL / HUGE_VAL when open */
    size_t offset;         /* offsetof() in gp_group, gp_finance, gp_capital or gp_backlog */
    const char *unit;      /* "FTE", "£/yr", "fraction/yr", ... */
    const char *doc;       /* one line for help text and the workbook */
} gp_field;

typedef struct gp_field_table {
    const gp_field *fields;
    size_t count;
} gp_field_table;

extern const gp_field_table gp_group_fields;
extern const gp_field_table gp_finance_fields;  /* scalar and schedule fields only, not the lists */
extern const gp_field_table gp_capital_fields;  /* envelope */
extern const gp_field_table gp_backlog_fields;  /* all but wait_profile */

/** Find a field by exact name; NULL when there is none. */
const gp_field *gp_field_find(const gp_field_table *table, const char *name);
/** The schedule array a GP_FIELD_SCHEDULE field points at inside `block` (a gp_group *, ...). */
static inline double *gp_field_schedule(const gp_field *f, void *block) {
    return *(double **)((char *)block + f->offset);
}
static inline double *gp_field_number(const gp_field *f, void *block) {
    return (double *)((char *)block + f->offset);
}

/* ---- lifecycle ------------------------------------------------------------------------ */

/*
** Load and validate a plan file. On success *out is a new plan the caller
** frees with gp_plan_free(). On failure *out is NULL, every problem found is
** appended to `diag` (not just the first) and the error is GP_ERR_IO (the file
** could not be read) or GP_ERR_INVALID.
*/
gp_error gp_plan_load_file(const char *path, gp_plan **out, gp_diag *diag);

/*
** As gp_plan_load_file, from `len` bytes in memory; `name` is the file name used
** in messages. The bytes need not be NUL-terminated.
*/
gp_error gp_plan_load_buffer(const char *data, size_t len, const char *name, gp_plan **out,
                             gp_diag *diag);

/** Release a plan and everything it owns; NULL is a no-op. */
void gp_plan_free(gp_plan *plan);

/*
** Check every value of a loaded (and perhaps plugin-edited) plan against the
** field ranges and bank_fill + agency_fill <= 1, over the horizon. Problems go
** to `diag` with `file` as their file name and the JSON path of the field plus
** the month ("units[0].groups[1].leaver_rate[\"2023-04\"]"). Returns GP_OK or
** GP_ERR_INVALID.
*/
gp_error gp_plan_validate(const gp_plan *plan, const char *file, gp_diag *diag);

/** Copy a string into the plan's arena; NULL on out-of-memory. */
char *gp_plan_strdup(gp_plan *plan, const char *s);
/** A zeroed schedule array of the plan's length from the plan's arena; NULL on out-of-memory. */
double *gp_plan_new_schedule(gp_plan *plan);
/*
** Append a line named `name` (copied) with a zero schedule to `lines`; the new
** line is returned (its amounts to fill in), or NULL on out-of-memory. The
** caller checks that the name is unique.
*/
gp_line *gp_plan_add_line(gp_plan *plan, gp_lines *lines, const char *name);

/* Look-ups by id; NULL when absent. */
gp_unit *gp_plan_find_unit(const gp_plan *plan, const char *id);
gp_group *gp_unit_find_group(const gp_unit *unit, const char *id);

/** Total number of groups over all units. */
size_t gp_plan_group_count(const gp_plan *plan);

#endif
