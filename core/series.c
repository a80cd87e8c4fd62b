/*
** core/series.c: the names, FY aggregation and quantity of every result
** series (MODEL.md §7), in the enum order of result.h.
**
** These tables drive everything that walks a result: the model's totals
** (FTE, money and counts are summed; rates are recomputed from the summed
** parts), the FY figures (flows summed, stocks closing and mean) and the
** writers' names. A series is added here and nowhere else.
*/
#include "gapplan/result.h"

#define FLOW GP_AGG_FLOW
#define STOCK GP_AGG_STOCK

const gp_series_info gp_group_series_info[GP_GROUP_SERIES_COUNT] = {
    [GP_S_ESTABLISHMENT] = {"establishment", STOCK, GP_Q_FTE, "funded posts (FTE)"},
    [GP_S_STAFF_IN_POST] = {"staff_in_post", STOCK, GP_Q_FTE, "substantive staff in post during the month (FTE)"},
    [GP_S_VACANCIES] = {"vacancies", STOCK, GP_Q_FTE,
                        "establishment less staff in post; negative when over establishment (FTE)"},
    [GP_S_VACANCY_RATE] = {"vacancy_rate", STOCK, GP_Q_RATE,
                        "vacancies as a share of establishment (0 when establishment is 0)"},
    [GP_S_LEAVERS] = {"leavers", FLOW, GP_Q_FTE, "staff leaving in the month (FTE)"},
    [GP_S_JOINERS] = {"joiners", FLOW, GP_Q_FTE, "staff joining in the month, all routes (FTE)"},
    [GP_S_JOINERS_FILL] = {"joiners_fill", FLOW, GP_Q_FTE, "domestic recruits filling open vacancies (FTE)"},
    [GP_S_NEWLY_QUALIFIED] = {"newly_qualified", FLOW, GP_Q_FTE,
                        "newly qualified intake, the whole year's in the intake month (FTE)"},
    [GP_S_INTERNATIONAL] = {"international", FLOW, GP_Q_FTE, "international recruits (FTE)"},
    [GP_S_OTHER_JOINERS] = {"other_joiners", FLOW, GP_Q_FTE, "returners, reservists and other joiners (FTE)"},
    [GP_S_ABSENCE_RATE] = {"absence_rate", STOCK, GP_Q_RATE, "sickness absence as a share of staff-in-post time"},
    [GP_S_AVAILABLE] = {"available", STOCK, GP_Q_FTE, "staff in post less absence (FTE)"},
    [GP_S_REQUIRED] = {"required", STOCK, GP_Q_FTE,
                        "available staff the establishment needs after budgeted absence (FTE)"},
    [GP_S_STAFFING_GAP] = {"staffing_gap", STOCK, GP_Q_FTE, "required less available, when positive (FTE)"},
    [GP_S_BANK] = {"bank", STOCK, GP_Q_FTE, "staffing gap covered by bank staff (FTE)"},
    [GP_S_AGENCY] = {"agency", STOCK, GP_Q_FTE, "staffing gap covered by agency staff (FTE)"},
    [GP_S_UNFILLED] = {"unfilled", STOCK, GP_Q_FTE, "staffing gap left uncovered (FTE)"},
    [GP_S_COST_PER_FTE] = {"cost_per_fte", STOCK, GP_Q_MONEY_RATE,
                        "annual cost of one substantive FTE (£ a year)"},
    [GP_S_PAY_COST] = {"pay_cost", FLOW, GP_Q_MONEY, "substantive pay cost (£)"},
    [GP_S_BANK_COST] = {"bank_cost", FLOW, GP_Q_MONEY, "bank staff cost, premium included (£)"},
    [GP_S_AGENCY_COST] = {"agency_cost", FLOW, GP_Q_MONEY, "agency staff cost, premium included (£)"},
};

#define FINANCE_SERIES                                                                                            \
    [GP_S_WORKFORCE_COST] = {"workforce_cost", FLOW, GP_Q_MONEY,                                                  \
                        "pay, bank and agency cost of every staff group (£)"},                                    \
    [GP_S_NON_PAY] = {"non_pay", FLOW, GP_Q_MONEY, "non-pay costs (£)"},                                          \
    [GP_S_PRESSURES] = {"pressures", FLOW, GP_Q_MONEY, "named cost pressures (£)"},                               \
    [GP_S_FUNDING] = {"funding", FLOW, GP_Q_MONEY, "revenue envelope and named extra funding (£)"},               \
    [GP_S_EFFICIENCY_REQUIRED] = {"efficiency_required", FLOW, GP_Q_MONEY,                                        \
                        "efficiency requirement on the cost base (£)"},                                           \
    [GP_S_EFFICIENCY_ACHIEVED] = {"efficiency_achieved", FLOW, GP_Q_MONEY, "efficiency delivered (£)"},           \
    [GP_S_EFFICIENCY_SHORTFALL] = {"efficiency_shortfall", FLOW, GP_Q_MONEY,                                      \
                        "efficiency required but not delivered (£)"},                                             \
    [GP_S_COST] = {"cost", FLOW, GP_Q_MONEY, "workforce, non-pay and pressures less efficiency achieved (£)"},    \
    [GP_S_REVENUE_GAP] = {"revenue_gap", FLOW, GP_Q_MONEY, "cost less funding; positive is a shortfall (£)"},     \
    [GP_S_CAPITAL_ENVELOPE] = {"capital_envelope", FLOW, GP_Q_MONEY, "capital allocation (£)"},                   \
    [GP_S_CAPITAL_REQUIREMENT] = {"capital_requirement", FLOW, GP_Q_MONEY, "capital schemes' requirements (£)"},  \
    [GP_S_CAPITAL_GAP] = {"capital_gap", FLOW, GP_Q_MONEY,                                                        \
                        "capital requirement less envelope; positive is a shortfall (£)"},

const gp_series_info gp_finance_series_info[GP_FINANCE_SERIES_COUNT] = {
    FINANCE_SERIES
};

#define BACKLOG_SERIES                                                                                               \
    [GP_S_WAITING_LIST] = {"waiting_list", STOCK, GP_Q_COUNT, "pathways waiting at the start of the month"},         \
    [GP_S_OVER_12M] = {"over_12m", STOCK, GP_Q_COUNT, "pathways waiting 12 months (52 weeks) or more"},              \
    [GP_S_OVER_15M] = {"over_15m", STOCK, GP_Q_COUNT, "pathways waiting 15 months (65 weeks) or more"},              \
    [GP_S_OVER_18M] = {"over_18m", STOCK, GP_Q_COUNT, "pathways waiting 18 months (78 weeks) or more"},              \
    [GP_S_OVER_24M] = {"over_24m", STOCK, GP_Q_COUNT, "pathways waiting 24 months (104 weeks) or more"},             \
    [GP_S_WITHIN_4M] = {"within_4m", STOCK, GP_Q_COUNT, "pathways waiting under 4 months (about 18 weeks)"},         \
    [GP_S_WITHIN_4M_SHARE] = {"within_4m_share", STOCK, GP_Q_RATE, "share of the list waiting under 4 months"},      \
    [GP_S_CLOCK_STARTS] = {"clock_starts", FLOW, GP_Q_COUNT, "new referrals, hidden demand included"},               \
    [GP_S_HIDDEN_REFERRED] = {"hidden_referred", FLOW, GP_Q_COUNT, "hidden demand referred in the month"},           \
    [GP_S_HIDDEN_REMAINING] = {"hidden_remaining", STOCK, GP_Q_COUNT, "hidden demand not yet referred"},             \
    [GP_S_EFFECTIVE_CAPACITY] = {"effective_capacity", FLOW, GP_Q_COUNT, "clock stops the workforce can deliver"},   \
    [GP_S_CLOCK_STOPS] = {"clock_stops", FLOW, GP_Q_COUNT, "pathways treated or otherwise completed"},               \
    [GP_S_RENEGES] = {"reneges", FLOW, GP_Q_COUNT, "pathways leaving the list untreated"},                           \
    [GP_S_WORKFORCE_FACTOR] = {"workforce_factor", STOCK, GP_Q_RATE, "capacity multiplier from clinical staffing"},

const gp_series_info gp_backlog_series_info[GP_BACKLOG_SERIES_COUNT] = {
    BACKLOG_SERIES
};

/*
** A unit in a system has its finance and backlog series and the transfers
** after them; a system's own blocks also have the system's totals, MOVED and
** POOL (docs/methodology.md "Systems"). Members use the first
** GP_MEMBER_*_SERIES_COUNT entries.
*/
const gp_series_info gp_system_finance_series_info[GP_SYSTEM_FINANCE_SERIES_COUNT] = {
    FINANCE_SERIES
    [GP_S_POOLED_OUT] = {"pooled_out", FLOW, GP_Q_MONEY, "contribution to the system's pool (£)"},
    [GP_S_POOLED_IN] = {"pooled_in", FLOW, GP_Q_MONEY, "share of the system's pool received (£)"},
    [GP_S_POOL] = {"pool", FLOW, GP_Q_MONEY, "the system's pool: every member's contribution (£)"},
};

const gp_series_info gp_system_backlog_series_info[GP_SYSTEM_BACKLOG_SERIES_COUNT] = {
    BACKLOG_SERIES
    [GP_S_MOVED_OUT] = {"moved_out", FLOW, GP_Q_COUNT,
                        "pathways moved to another member of the system through the shared waiting list"},
    [GP_S_AID_GIVEN] = {"aid_given", FLOW, GP_Q_COUNT,
                        "pathways from other members treated here with spare capacity (mutual aid)"},
    [GP_S_MOVED] = {"moved", FLOW, GP_Q_COUNT, "pathways moved between the system's members"},
};
