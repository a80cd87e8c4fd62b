/*
** gapplan/result.h: what the model computes (MODEL.md §7), monthly and by FY.
**
** Results are grouped in *blocks*: one per staff group (and per unit's
** `total` group), one for a unit's finance, one each for its pressure and
** funding lines, one for its backlog. A block holds `nseries` series, each
** `months` doubles, stored series after series in one array, so one series
** is contiguous (`gp_block_monthly`). Annual figures follow MODEL.md §7:
** `annual` holds the FY sum for flows and the closing value for stocks;
** `mean` holds the FY mean for stocks (it is zero for flows).
**
** Ownership: a gp_result owns every block, array and string inside it;
** gp_result_free() releases all of it. Nothing in a result points into the plan.
*/
#ifndef GAPPLAN_RESULT_H
#define GAPPLAN_RESULT_H

#include <stdbool.h>
#include <stddef.h>

#include "gapplan/calendar.h"
#include "gapplan/error.h"

typedef enum gp_aggregation {
    GP_AGG_FLOW,  /* FY figure = sum of the months */
    GP_AGG_STOCK, /* FY figure = closing value; also the mean, as "<name>_mean" */
} gp_aggregation;

/* How a series is displayed and totalled. */
typedef enum gp_quantity {
    GP_Q_FTE,      /* FTE, summed in totals */
    GP_Q_MONEY,    /* £, summed in totals */
    GP_Q_COUNT,    /* pathways, summed in totals */
    GP_Q_RATE,     /* a share or ratio: recomputed from summed parts in totals */
    GP_Q_MONEY_RATE, /* £ per FTE per year (cost_per_fte): recomputed in totals */
} gp_quantity;

typedef struct gp_series_info {
    const char *name;   /* MODEL.md §7's result name */
    gp_aggregation agg;
    gp_quantity quantity;
    const char *doc;    /* one line, for the workbook and CSV readers */
} gp_series_info;

/* Staff group series (MODEL.md §3 and §7), in result order. */
enum gp_group_series {
    GP_S_ESTABLISHMENT, GP_S_STAFF_IN_POST, GP_S_VACANCIES, GP_S_VACANCY_RATE, GP_S_LEAVERS,
    GP_S_JOINERS, GP_S_JOINERS_FILL, GP_S_NEWLY_QUALIFIED, GP_S_INTERNATIONAL, GP_S_OTHER_JOINERS,
    GP_S_ABSENCE_RATE, GP_S_AVAILABLE, GP_S_REQUIRED, GP_S_STAFFING_GAP, GP_S_BANK, GP_S_AGENCY,
    GP_S_UNFILLED, GP_S_COST_PER_FTE, GP_S_PAY_COST, GP_S_BANK_COST, GP_S_AGENCY_COST,
    GP_GROUP_SERIES_COUNT
};

/* Finance series (MODEL.md §4, §5). */
enum gp_finance_series {
    GP_S_WORKFORCE_COST, GP_S_NON_PAY, GP_S_PRESSURES, GP_S_FUNDING, GP_S_EFFICIENCY_REQUIRED,
    GP_S_EFFICIENCY_ACHIEVED, GP_S_EFFICIENCY_SHORTFALL, GP_S_COST, GP_S_REVENUE_GAP,
    GP_S_CAPITAL_ENVELOPE, GP_S_CAPITAL_REQUIREMENT, GP_S_CAPITAL_GAP,
    GP_FINANCE_SERIES_COUNT
};

/* Backlog series (MODEL.md §6). */
enum gp_backlog_series {
    GP_S_WAITING_LIST, GP_S_OVER_12M, GP_S_OVER_15M, GP_S_OVER_18M, GP_S_OVER_24M, GP_S_WITHIN_4M,
    GP_S_WITHIN_4M_SHARE, GP_S_CLOCK_STARTS, GP_S_HIDDEN_REFERRED, GP_S_HIDDEN_REMAINING,
    GP_S_EFFECTIVE_CAPACITY, GP_S_CLOCK_STOPS, GP_S_RENEGES, GP_S_WORKFORCE_FACTOR,
    GP_BACKLOG_SERIES_COUNT
};

/*
** Systems (docs/methodology.md "Systems"): a unit in a system has its finance
** and backlog series and then its transfers (pooled_out, pooled_in;
** moved_out, aid_given); a system's own blocks add POOL and MOVED after
** those. Units in no system have none of them, so their results are as
** before.
*/
enum gp_system_finance_series {
    GP_S_POOLED_OUT = GP_FINANCE_SERIES_COUNT, GP_S_POOLED_IN, GP_S_POOL,
    GP_SYSTEM_FINANCE_SERIES_COUNT
};
enum gp_system_backlog_series {
    GP_S_MOVED_OUT = GP_BACKLOG_SERIES_COUNT, GP_S_AID_GIVEN, GP_S_MOVED,
    GP_SYSTEM_BACKLOG_SERIES_COUNT
};
#define GP_MEMBER_FINANCE_SERIES_COUNT (GP_S_POOLED_IN + 1)
#define GP_MEMBER_BACKLOG_SERIES_COUNT (GP_S_AID_GIVEN + 1)

extern const gp_series_info gp_group_series_info[GP_GROUP_SERIES_COUNT];
extern const gp_series_info gp_finance_series_info[GP_FINANCE_SERIES_COUNT];
extern const gp_series_info gp_backlog_series_info[GP_BACKLOG_SERIES_COUNT];
extern const gp_series_info gp_system_finance_series_info[GP_SYSTEM_FINANCE_SERIES_COUNT];
extern const gp_series_info gp_system_backlog_series_info[GP_SYSTEM_BACKLOG_SERIES_COUNT];

typedef struct gp_block {
    char *id, *name;          /* group id/name, or a line's name; NULL for finance/backlog */
    const gp_series_info *series; /* nseries entries (for line blocks: one, owned by the result) */
    size_t nseries;
    int months, nfys;
    double *monthly;          /* [s * months + t] */
    double *annual;           /* [s * nfys + f]: FY sum (flows) or closing value (stocks) */
    double *mean;             /* [s * nfys + f]: FY mean (stocks), 0 for flows */
} gp_block;

static inline double *gp_block_monthly(const gp_block *b, size_t s) { return b->monthly + s * (size_t)b->months; }
static inline double *gp_block_annual(const gp_block *b, size_t s) { return b->annual + s * (size_t)b->nfys; }
static inline double *gp_block_mean(const gp_block *b, size_t s) { return b->mean + s * (size_t)b->nfys; }

/*
** A named line result (pressures, funding): one block whose series are the
** lines, each series named after its line, all flows.
*/
typedef struct gp_unit_result {
    char *id, *name;
    size_t ngroups;     /* groups[0..ngroups-1] are the unit's, groups[ngroups] its `total` */
    gp_block *groups;
    gp_block *finance;  /* NULL when the unit has no finance block */
    gp_block *pressures, *funding; /* one series a line; NULL with finance */
    gp_block *backlog;  /* NULL when the unit has no backlog block */
} gp_unit_result;

/*
** A system's sums: its members' finance and backlog series summed (shares
** recomputed as for all_units) with the transfers, POOL and MOVED. A block is
** NULL when no member has it.
*/
typedef struct gp_system_result {
    char *id, *name;
    size_t nmembers;
    char **members;     /* the member units' ids, in the system's order */
    size_t *member_index; /* the members as indices into units */
    gp_block *finance;  /* gp_system_finance_series_info */
    gp_block *backlog;  /* gp_system_backlog_series_info */
} gp_system_result;

typedef struct gp_result {
    gp_calendar cal;
    size_t nunits;
    gp_unit_result *units;
    gp_unit_result all_units; /* id "all_units"; finance/backlog NULL when no unit has one */
    size_t nsystems;          /* 0 (and systems NULL) when the plan has no systems */
    gp_system_result *systems;
    struct gp_result_storage *storage; /* private */
} gp_result;

/** Release a result and everything it owns; NULL is a no-op. */
void gp_result_free(gp_result *res);

/** Find a series index by name in a block; -1 when absent. */
int gp_block_find_series(const gp_block *b, const char *name);

#endif
